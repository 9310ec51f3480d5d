import { sql } from 'kysely';
import { ok } from '../../domain/result.js';
import { run, type StoreContext } from '../context.js';
import { runPrepared, runPreparedArrays, type Slot } from '../prepared.js';
import {
  bytesToColumn,
  forgeFromColumn,
  isoTime,
  kindFromColumn,
  pageLimit,
  SEALED_COLUMNS,
  sealedColumns,
  sealedFromRow,
  TOKEN_COLUMNS,
  type TokenTupleHead,
  tokenFromRow,
  tokenFromTuple,
} from '../rows.js';
import type { TokenStore } from '../store.js';
import type { TokenWithSealed } from '../types.js';

type TokenBatches = Pick<
  TokenStore,
  'listForRefresh' | 'listSealedBatch' | 'countSealed' | 'rewrap' | 'getManyWithSealed'
>;

/** Metadata, then the three sealed parts (`key_id` is in the metadata): the row of a check. */
const WITH_SEALED_COLUMNS = [...TOKEN_COLUMNS, 'wrapped_key', 'nonce', 'ciphertext'] as const;
type WithSealedTuple = TokenTupleHead & {
  readonly 22: Uint8Array;
  readonly 23: Uint8Array;
  readonly 24: Uint8Array;
};

/**
 * The cross-owner walks: refresh scheduling and master-key rotation. Both page by id (keyset, not
 * offset), so a batch costs the same at the millionth token as at the first and rows written
 * meanwhile are neither skipped nor repeated.
 */
export function tokenBatches(ctx: StoreContext): TokenBatches {
  return {
    listForRefresh(query) {
      return run(ctx, async (db) => {
        let q = db
          .selectFrom('tokens')
          .select([
            'id',
            'owner_id',
            'forge',
            'api_url',
            'kind',
            'email',
            'expires_at',
            'status',
            'last_checked_at',
          ])
          .orderBy('id')
          .limit(pageLimit(query.limit));
        if (query.afterId) q = q.where('id', '>', query.afterId);
        if (query.checkedBefore !== undefined) {
          const before = isoTime(query.checkedBefore, 'checkedBefore');
          q = q.where((eb) => eb.or([eb('last_checked_at', 'is', null), eb('last_checked_at', '<', before)]));
        }
        if (query.statuses !== undefined) {
          if (query.statuses.length === 0) return ok([]);
          q = q.where('status', 'in', query.statuses);
        }
        const rows = await q.execute();
        return ok(
          rows.map((row) => {
            const forge = forgeFromColumn(row.forge);
            return {
              id: row.id,
              ownerId: row.owner_id,
              forge,
              apiUrl: row.api_url,
              kind: kindFromColumn(forge, row.kind),
              email: row.email,
              expiresAt: row.expires_at,
              status: row.status,
              lastCheckedAt: row.last_checked_at,
            };
          }),
        );
      });
    },

    getManyWithSealed(keys) {
      // One statement for any number of ids (a JSON array on SQLite, an array parameter on
      // PostgreSQL), so it is compiled and prepared once. The owner is checked per row.
      return run(ctx, async (db) => {
        if (keys.length === 0) return ok([]);
        // A row answers a key only when its owner is the key's (an id may be asked for twice).
        const wanted = new Set(keys.map((key) => `${key.ownerId}\u0000${key.id}`));
        const ids = [...new Set(keys.map((key) => key.id))];
        const found: TokenWithSealed[] = [];
        if (ctx.dialect.name === 'sqlite') {
          const rows = await runPreparedArrays<WithSealedTuple>(
            db,
            'tokens.getManyWithSealed',
            (slot: Slot) =>
              db
                .selectFrom('tokens')
                .select(WITH_SEALED_COLUMNS)
                .where(sql<boolean>`id in (select value from json_each(${slot('ids')}))`),
            { ids: JSON.stringify(ids) },
          );
          for (const row of rows) {
            if (!wanted.has(`${row[1]}\u0000${row[0]}`)) continue;
            const record = tokenFromTuple(row);
            found.push({
              record,
              sealed: sealedFromRow({
                key_id: record.keyId,
                wrapped_key: row[22],
                nonce: row[23],
                ciphertext: row[24],
              }),
            });
          }
          return ok(found);
        }
        const rows = await runPrepared(
          db,
          ctx.dialect.name,
          'tokens.getManyWithSealed',
          (slot) =>
            db
              .selectFrom('tokens')
              .select(WITH_SEALED_COLUMNS)
              .where(sql<boolean>`id = any(${slot('ids')}::text[])`),
          { ids },
        );
        for (const row of rows) {
          if (wanted.has(`${row.owner_id}\u0000${row.id}`))
            found.push({ record: tokenFromRow(row), sealed: sealedFromRow(row) });
        }
        return ok(found);
      });
    },

    listSealedBatch(afterId, limit, keyId) {
      return run(ctx, async (db) => {
        let q = db
          .selectFrom('tokens')
          .select(['id', 'owner_id', 'forge', ...SEALED_COLUMNS])
          .where('key_id', '=', keyId)
          .orderBy('id')
          .limit(pageLimit(limit));
        if (afterId) q = q.where('id', '>', afterId);
        const rows = await q.execute();
        return ok(
          rows.map((row) => ({
            id: row.id,
            ownerId: row.owner_id,
            forge: forgeFromColumn(row.forge),
            sealed: sealedFromRow(row),
          })),
        );
      });
    },

    countSealed(keyId) {
      return run(ctx, async (db) => {
        const row = await db
          .selectFrom('tokens')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('key_id', '=', keyId)
          .executeTakeFirstOrThrow();
        // PostgreSQL's count is a bigint, which node-postgres answers as a string.
        return ok(Number(row.n));
      });
    },

    rewrap(id, expected, next) {
      return run(ctx, async (db) => {
        let q = db
          .updateTable('tokens')
          .set(sealedColumns(next))
          .where('id', '=', id)
          .where('key_id', '=', expected.keyId);
        // Comparing the wrapped key too catches a writer that re-sealed under the same old key.
        if (expected.wrappedKey !== undefined) {
          q = q.where('wrapped_key', '=', bytesToColumn(expected.wrappedKey));
        }
        const result = await q.executeTakeFirst();
        return ok(result.numUpdatedRows > 0n);
      });
    },
  };
}
