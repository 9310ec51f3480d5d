import { FORGE_NAMES } from '../../domain/forge.js';
import { isTransient } from '../../domain/vault-status.js';
import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { hostLabel } from '../format/host-label.js';
import { formatRevocation } from '../format/revocation.js';
import { usageError } from '../parse-options.js';
import { CliError, EXIT, type ExitCode } from '../run-command.js';
import { confirm } from '../vault/confirm.js';
import { exitCodeOf, orFail } from '../vault/fail.js';
import { resolveToken } from '../vault/resolve-token.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';

export interface TokensRemoveOptions extends VaultOptions {
  revoke?: boolean;
  yes?: boolean;
}

/**
 * `tokens remove ID|LABEL`: deletes the record (its audit events stay). Asks first on a terminal;
 * without one, `--yes` is required. With `--revoke` the forge revokes the token first where it can;
 * where it cannot, the output says where to do it by hand. A revocation that fails keeps the token.
 */
export async function tokensRemoveCommand(ref: string, options: TokensRemoveOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    if (!options.yes && !process.stdin.isTTY) {
      throw usageError(
        'Removing a token needs confirmation, and there is no terminal to ask on.',
        'Run again with --yes to remove it without asking.',
      );
    }
    const vault = await open();
    const token = await resolveToken(vault, ref);
    const hosts = orFail(await vault.listHosts());
    const what = `${token.id}${token.label ? ` "${token.label}"` : ''} (${hostLabel(token.forge, token.apiUrl, hosts)}, ${token.account?.login ?? 'no account'})`;
    if (!options.yes) {
      const revoke = options.revoke ? ` and revoke it on ${FORGE_NAMES[token.forge]}` : '';
      if (!(await confirm(`Remove token ${what}${revoke}? [y/N] `))) {
        process.stderr.write('Nothing was removed.\n');
        return EXIT.unusable;
      }
    }
    const removed = await vault.remove({
      ownerId: LOCAL_OWNER_ID,
      id: token.id,
      revoke: options.revoke === true,
      actor: CLI_ACTOR,
    });
    if (!removed.ok && options.revoke && isTransient(removed.error)) {
      // The vault keeps a token it could not revoke: say so, so nobody thinks it is gone.
      const error = removed.error;
      const message = `${error.message} The token was not revoked and is still stored.`;
      throw new CliError({ ...error, message }, exitCodeOf(error));
    }
    const result = orFail(removed);
    if (options.json) {
      printJson(result);
      return EXIT.ok;
    }
    process.stdout.write(`Removed token ${what}.\n`);
    if (options.revoke) process.stdout.write(formatRevocation(result.revocation, token.forge, 'token'));
    return EXIT.ok;
  });
}
