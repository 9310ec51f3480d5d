import { ok } from '../../domain/result.js';
import { run, type StoreContext } from '../context.js';
import {
  bytesToColumn,
  forgeFromColumn,
  isoTime,
  kindFromColumn,
  pageLimit,
  SEALED_COLUMNS,
  sealedColumns,
  sealedFromRow,
} from '../rows.js';
import type { TokenStore } from '../store.js';

type TokenBatches = Pick<TokenStore, 'listForRefresh' | 'listSealedBatch' | 'countSealed' | 'rewrap'>;

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
