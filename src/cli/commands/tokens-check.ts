import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { formatInspectReport } from '../format/inspect-report.js';
import { formatRecordLine } from '../format/token-detail.js';
import { parseRequire } from '../parse-options.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { exitCodeOf, orFail } from '../vault/fail.js';
import { resolveToken } from '../vault/resolve-token.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';
import { exitCodeFor, toJson } from './inspect.js';

export interface TokensCheckOptions extends VaultOptions {
  require?: string;
}

/**
 * `tokens check ID|LABEL`: asks the forge about a stored token now and records the answer. Exit
 * codes as `inspect`: 0 usable, 1 unusable or a requirement unmet, 3 could not verify.
 */
export async function tokensCheckCommand(ref: string, options: TokensCheckOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const require = parseRequire(options.require);
    const vault = await open();
    const token = await resolveToken(vault, ref);
    const checked = orFail(
      await vault.check({
        ownerId: LOCAL_OWNER_ID,
        id: token.id,
        require: options.require === undefined ? undefined : require,
        actor: CLI_ACTOR,
      }),
    );
    const { record, report, error } = checked;
    if (options.json) {
      printJson({ record, inspection: report ? toJson(report) : null, error });
    } else {
      process.stdout.write(formatRecordLine(record, orFail(await vault.listHosts())));
      if (report) process.stdout.write(`\n${formatInspectReport(report, new Date())}`);
      else if (error)
        process.stdout.write(
          `\nProblem    [${error.code}] ${error.message}\nFix        ${error.remediation}\n`,
        );
    }
    if (report) return exitCodeFor(report, require);
    return error ? exitCodeOf(error) : EXIT.ok;
  });
}
