import type { AuditOutcome } from '../../store/types.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { formatAuditTable } from '../format/audit-table.js';
import { shortIds } from '../format/short-ids.js';
import { parseInteger, parseSince } from '../parse-options.js';
import { CliError, EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { resolveToken } from '../vault/resolve-token.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';

export interface AuditOptions extends VaultOptions {
  token?: string;
  since?: string;
  action?: string;
  outcome?: AuditOutcome;
  limit?: string;
  cursor?: string;
}

/** A full record id: what `--token` takes for a token that was removed (its events stay). */
const FULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `audit`: the CLI owner's audit log, newest first, a page at a time (`--cursor`). */
export async function auditCommand(options: AuditOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const limit = parseInteger('--limit', options.limit, 1, 1000);
    const since = parseSince(options.since, new Date());
    const vault = await open();
    const tokenId = options.token === undefined ? undefined : await auditedTokenId(options.token, vault);
    const page = orFail(
      await vault.audit(LOCAL_OWNER_ID, {
        tokenId,
        action: options.action,
        outcome: options.outcome,
        since,
        limit,
        cursor: options.cursor ?? null,
      }),
    );
    if (options.json) {
      printJson(page);
      return EXIT.ok;
    }
    const tokens = orFail(await vault.list(LOCAL_OWNER_ID));
    const ids = [
      ...new Set([
        ...tokens.map((token) => token.id),
        ...page.items.flatMap((e) => (e.tokenId ? [e.tokenId] : [])),
      ]),
    ];
    const labels = new Map(
      tokens.flatMap((token) => (token.label ? [[token.id, token.label] as const] : [])),
    );
    process.stdout.write(
      formatAuditTable(page.items, { shortIds: shortIds(ids, [...labels.values()]), labels }),
    );
    if (page.nextCursor)
      process.stdout.write(`\nMore: forgekeeper audit --cursor ${page.nextCursor} (with the same filters)\n`);
    return EXIT.ok;
  });
}

/** A stored token's id (by id, prefix or label), or the full id of a removed one. */
async function auditedTokenId(ref: string, vault: Parameters<typeof resolveToken>[0]): Promise<string> {
  try {
    return (await resolveToken(vault, ref)).id;
  } catch (error) {
    if (error instanceof CliError && error.error.code === 'not_found' && FULL_ID.test(ref)) return ref;
    throw error;
  }
}
