import type { Kysely } from 'kysely';
import type { StoreContext } from '../context.js';
import { runPrepared, runPreparedArrays, type Slot } from '../prepared.js';
import { TOKEN_COLUMNS, type TokenTuple, tokenFromRow, tokenFromTuple } from '../rows.js';
import type { Database } from '../schema.js';
import type { TokenFilter, TokenRecord } from '../types.js';

/** How many owners' lists the cache keeps (the oldest entries go first). */
const CAPACITY = 1000;

/**
 * All of an owner's tokens, oldest first. On SQLite the rows come as arrays (raw mode): about half
 * the cost of better-sqlite3's row objects, which was most of `GET /api/v1/tokens` (docs/server.md).
 */
export async function readTokenList(
  ctx: StoreContext,
  db: Kysely<Database>,
  ownerId: string,
): Promise<TokenRecord[]> {
  const build = (slot: Slot) =>
    db
      .selectFrom('tokens')
      .select(TOKEN_COLUMNS)
      .where('owner_id', '=', slot('ownerId'))
      .orderBy('created_at')
      .orderBy('id');
  if (ctx.dialect.name === 'sqlite') {
    return (await runPreparedArrays<TokenTuple>(db, 'tokens.list', build, { ownerId })).map(tokenFromTuple);
  }
  return (await runPrepared(db, ctx.dialect.name, 'tokens.list', build, { ownerId })).map(tokenFromRow);
}

/** `filter` applied to a whole list, as the SQL `where` would (the order stays). */
export function filterTokens(records: readonly TokenRecord[], filter: TokenFilter): TokenRecord[] {
  const { forge, apiUrl, statuses } = filter;
  if (forge === undefined && apiUrl === undefined && statuses === undefined) return records.slice();
  return records.filter(
    (record) =>
      (forge === undefined || record.forge === forge) &&
      (apiUrl === undefined || record.apiUrl === apiUrl) &&
      (statuses === undefined || statuses.includes(record.status)),
  );
}

interface Entry {
  version: string;
  records: readonly TokenRecord[];
}

/**
 * The owners' last-read token lists, each valid while the owner's `tokens_version` (bumped by a
 * trigger in every transaction that writes one of its tokens, in any process: migration 0004) is
 * what it was when the list was read. A hit costs one point read instead of the list's rows, and is
 * exact: the version is read before the list, so a write committed in between only makes the entry
 * look older than it is. The records are frozen (they are handed to every later reader); what the
 * clock changes (an expiring countdown, a passed expiry) is computed from them at read time by the
 * vault, which reuses its views only while that gives the same answer (view-list-memo.ts). Used outside transactions only: inside one, a read may see the
 * transaction's own writes, which a rollback would undo without a version to show for it.
 */
export class TokenListCache {
  readonly #entries = new Map<string, Entry>();

  async read(ctx: StoreContext, db: Kysely<Database>, ownerId: string): Promise<readonly TokenRecord[]> {
    const [owner] = await runPrepared(
      db,
      ctx.dialect.name,
      'owners.tokensVersion',
      (slot) =>
        db.selectFrom('owners').select(['tokens_version', 'created_at']).where('id', '=', slot('ownerId')),
      { ownerId },
    );
    // No owner, no tokens (a foreign key): nothing worth keeping.
    if (owner === undefined) {
      this.#entries.delete(ownerId);
      return [];
    }
    // Owners are never deleted today; the creation time keeps a re-created owner's fresh counter
    // from matching an old entry should that change.
    const version = `${owner.created_at}#${owner.tokens_version}`;
    const entry = this.#entries.get(ownerId);
    if (entry !== undefined && entry.version === version) return entry.records;
    const records = (await readTokenList(ctx, db, ownerId)).map(freezeRecord);
    this.#entries.delete(ownerId);
    this.#entries.set(ownerId, { version, records });
    if (this.#entries.size > CAPACITY) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    return records;
  }
}

function freezeRecord(record: TokenRecord): TokenRecord {
  if (record.account !== null) Object.freeze(record.account);
  if (record.scopes !== null) Object.freeze(record.scopes);
  return Object.freeze(record);
}
