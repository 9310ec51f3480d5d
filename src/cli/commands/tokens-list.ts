import type { ForgeId } from '../../domain/forge.js';
import { isVaultStatus, VAULT_STATUSES, type VaultStatus } from '../../domain/vault-status.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { tokenShortIds } from '../format/short-ids.js';
import { formatTokenTable } from '../format/token-table.js';
import { usageError } from '../parse-options.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';

export interface TokensListOptions extends VaultOptions {
  forge?: ForgeId;
  host?: string;
  /** One status or a comma-separated list. */
  status?: string;
}

/** `tokens list`: a table for people, an array of TokenView with `--json`. Never token text. */
export async function tokensListCommand(options: TokensListOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const status = parseStatuses(options.status);
    const vault = await open();
    const filter = { forge: options.forge, host: options.host, status };
    const tokens = orFail(await vault.list(LOCAL_OWNER_ID, filter));
    if (options.json) {
      printJson(tokens);
      return EXIT.ok;
    }
    // Short ids must be unique among all of the owner's tokens, not only the ones shown.
    const filtered = options.forge !== undefined || options.host !== undefined || status !== undefined;
    const all = filtered ? orFail(await vault.list(LOCAL_OWNER_ID)) : tokens;
    const ids = tokenShortIds(all);
    const hosts = orFail(await vault.listHosts());
    process.stdout.write(formatTokenTable(tokens, { now: new Date(), hosts, shortIds: ids }));
    return EXIT.ok;
  });
}

function parseStatuses(value: string | undefined): VaultStatus[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !isVaultStatus(name));
  if (unknown.length > 0 || names.length === 0) {
    throw usageError(
      `Unknown status: ${unknown.join(', ') || '(empty)'}.`,
      `Use one or more (comma-separated) of: ${VAULT_STATUSES.join(', ')}.`,
    );
  }
  return names.filter(isVaultStatus);
}
