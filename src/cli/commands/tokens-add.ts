import type { ForgeId } from '../../domain/forge.js';
import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { formatInspectReport } from '../format/inspect-report.js';
import { formatRecordLine } from '../format/token-detail.js';
import { checkUrl, parseRequire, refuseTokenText, usageError } from '../parse-options.js';
import { readSecretInput } from '../read-secret.js';
import type { ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';
import { exitCodeFor, toJson } from './inspect.js';

export interface TokensAddOptions extends VaultOptions {
  forge?: ForgeId;
  apiUrl?: string;
  host?: string;
  label?: string;
  email?: string;
  default?: boolean;
  require?: string;
  tokenEnv?: string;
}

/**
 * Save Token from the terminal: the token from stdin, a hidden prompt or `--token-env`; the record
 * and the inspection printed. Exit codes as `inspect` (the token was stored on 0, on 1 for a missing
 * capability, and on 3 when the forge could not be asked); a refused token exits 1 or 2, stored not.
 */
export async function tokensAddCommand(options: TokensAddOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const require = parseRequire(options.require);
    if (options.apiUrl !== undefined && options.host !== undefined) {
      throw usageError(
        'Give --api-url or --host, not both.',
        'A host name (hosts list) stands for its API URL.',
      );
    }
    if (options.apiUrl !== undefined) checkUrl(options.apiUrl);
    if (options.label !== undefined) refuseTokenText('label', options.label);
    const raw = await readSecretInput({ tokenEnv: options.tokenEnv });
    const vault = await open();
    const added = orFail(
      await vault.add({
        ownerId: LOCAL_OWNER_ID,
        raw,
        forge: options.forge,
        apiUrl: options.apiUrl,
        host: options.host,
        label: options.label,
        email: options.email,
        makeDefault: options.default ? true : undefined,
        require,
        actor: CLI_ACTOR,
      }),
    );
    const { record, created, notice, report } = added;
    if (options.json) {
      printJson({ record, created, notice, inspection: toJson(report) });
    } else {
      const hosts = orFail(await vault.listHosts());
      const verb = created ? 'Added' : 'Already stored; refreshed';
      process.stdout.write(`${verb}: ${formatRecordLine(record, hosts)}\n`);
      process.stdout.write(formatInspectReport(report, new Date()));
      if (notice) process.stdout.write(`\nNotice     ${notice}\n`);
    }
    return exitCodeFor(report, require);
  });
}
