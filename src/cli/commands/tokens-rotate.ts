import { FORGE_NAMES, type ForgeId } from '../../domain/forge.js';
import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { formatInspectReport } from '../format/inspect-report.js';
import { formatRevocation } from '../format/revocation.js';
import { formatRecordLine } from '../format/token-detail.js';
import { parseDate, usageError } from '../parse-options.js';
import { readSecretInput } from '../read-secret.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { exitCodeOf, orFail } from '../vault/fail.js';
import { resolveToken } from '../vault/resolve-token.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';
import { toJson } from './inspect.js';

export interface TokensRotateOptions extends VaultOptions {
  revokeOld?: boolean;
  expiresAt?: string;
  tokenEnv?: string;
  email?: string;
}

/**
 * `tokens rotate ID|LABEL`: a new token into the same record (id, label, default and history
 * kept). GitLab makes the new token through its API, unless one is piped or named by
 * `--token-env`; GitHub and Bitbucket cannot, so the new token is read from stdin, a hidden prompt
 * or `--token-env`, checked (same forge, same account), and `--revoke-old` revokes the old one.
 */
export async function tokensRotateCommand(ref: string, options: TokensRotateOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const expiresAt = parseDate('--expires-at', options.expiresAt);
    const vault = await open();
    const token = await resolveToken(vault, ref);
    const newRaw = await newTokenFor(token.forge, options.tokenEnv);
    if (newRaw !== undefined && expiresAt !== undefined) {
      throw usageError(
        '--expires-at applies only when GitLab makes the new token through its API.',
        'Set the expiry when you create the new token on the forge, or rotate a GitLab token without giving a new one.',
      );
    }
    const rotated = orFail(
      await vault.rotate({
        ownerId: LOCAL_OWNER_ID,
        id: token.id,
        newRaw,
        email: options.email,
        revokeOld: options.revokeOld === true,
        expiresAt,
        actor: CLI_ACTOR,
      }),
    );
    const { record, method, report, oldToken } = rotated;
    if (options.json) {
      printJson({ record, method, inspection: report ? toJson(report) : null, oldToken });
    } else {
      const how =
        method === 'forge'
          ? `${FORGE_NAMES[record.forge]} made the new token`
          : 'the new token replaces the old one';
      process.stdout.write(`Rotated (${how}): ${formatRecordLine(record, orFail(await vault.listHosts()))}`);
      const expires = record.expiresAt ? `expires ${record.expiresAt.slice(0, 10)}` : 'does not expire';
      process.stdout.write(`New token  ${record.mask}, ${expires}\n`);
      if (report) process.stdout.write(`\n${formatInspectReport(report, new Date())}\n`);
      process.stdout.write(formatRevocation(oldToken, record.forge, 'old token'));
    }
    return oldToken.type === 'failed' ? exitCodeOf(oldToken.error) : EXIT.ok;
  });
}

/**
 * The new token, if the user gives one. GitLab: only when named by `--token-env` or piped (a
 * terminal means "let GitLab make it"); the other forges cannot make one, so it must be given.
 */
async function newTokenFor(forge: ForgeId, tokenEnv: string | undefined): Promise<string | undefined> {
  if (tokenEnv !== undefined) return readSecretInput({ tokenEnv });
  if (forge === 'gitlab') {
    if (process.stdin.isTTY) return undefined;
    const piped = await readSecretInput({});
    return piped.trim() === '' ? undefined : piped;
  }
  const raw = await readSecretInput({ prompt: 'New token: ' });
  if (raw.trim() !== '') return raw;
  throw usageError(
    `${FORGE_NAMES[forge]} cannot make a new token through its API: give the new token.`,
    `Create a new token on ${FORGE_NAMES[forge]} for the same account, then pipe it on standard input (or name an environment variable with --token-env).`,
  );
}
