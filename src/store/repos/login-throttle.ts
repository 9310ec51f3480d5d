import type { Selectable } from 'kysely';
import { ok } from '../../domain/result.js';
import type { LoginThrottleTable } from '../account-schema.js';
import type { LoginThrottleStore } from '../account-store.js';
import type { ThrottleRecord } from '../account-types.js';
import { run, type StoreContext } from '../context.js';
import { isoTime } from '../rows.js';

/**
 * Failed-login counters. The store keeps the counts atomic; the policy (thresholds, windows,
 * backoff) is the accounts service's. Every write is one statement, so concurrent failures from
 * many requests or processes all count without a transaction.
 */
export function loginThrottleStore(ctx: StoreContext): LoginThrottleStore {
  return {
    get(keys) {
      return run(ctx, async (db) => {
        if (keys.length === 0) return ok([]);
        const rows = await db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
        return ok(rows.map(throttleFromRow));
      });
    },

    recordFailure(key, input) {
      return run(ctx, async (db) => {
        const at = isoTime(input.at, 'at');
        const windowStart = isoTime(input.windowStart, 'windowStart');
        const decayBefore = isoTime(input.decayBefore, 'decayBefore');
        const row = await db
          .insertInto('login_throttle')
          .values({
            key,
            failures: 1,
            window_started_at: at,
            lockouts: 0,
            locked_until: null,
            updated_at: at,
          })
          .onConflict((oc) =>
            // Every expression sees the row as it was before this update.
            oc.column('key').doUpdateSet((eb) => {
              const oldWindow = eb('login_throttle.window_started_at', '<', windowStart);
              return {
                failures: eb
                  .case()
                  .when(oldWindow)
                  .then(eb.lit(1))
                  .else(eb('login_throttle.failures', '+', eb.lit(1)))
                  .end(),
                window_started_at: eb
                  .case()
                  .when(oldWindow)
                  .then(at)
                  .else(eb.ref('login_throttle.window_started_at'))
                  .end(),
                lockouts: eb
                  .case()
                  .when('login_throttle.updated_at', '<', decayBefore)
                  .then(eb.lit(0))
                  .else(eb.ref('login_throttle.lockouts'))
                  .end(),
                updated_at: at,
              };
            }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return ok(throttleFromRow(row));
      });
    },

    lock(key, input) {
      return run(ctx, async (db) => {
        const at = isoTime(input.at, 'at');
        // PostgreSQL re-checks the WHERE on the row a racing lock just wrote: failures is 0 there,
        // so only one of them locks and bumps the count.
        const row = await db
          .updateTable('login_throttle')
          .set((eb) => ({
            locked_until: isoTime(input.until, 'until'),
            lockouts: eb('lockouts', '+', eb.lit(1)),
            failures: 0,
            window_started_at: at,
            updated_at: at,
          }))
          .where('key', '=', key)
          .where('failures', '>=', input.threshold)
          .returningAll()
          .executeTakeFirst();
        return ok(row === undefined ? null : throttleFromRow(row));
      });
    },

    clear(key) {
      return run(ctx, async (db) => {
        await db.deleteFrom('login_throttle').where('key', '=', key).execute();
        return ok(undefined);
      });
    },

    deleteStale(before, now) {
      return run(ctx, async (db) => {
        const result = await db
          .deleteFrom('login_throttle')
          .where('updated_at', '<', isoTime(before, 'before'))
          .where((eb) =>
            eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', isoTime(now, 'now'))]),
          )
          .executeTakeFirst();
        return ok(Number(result.numDeletedRows));
      });
    },
  };
}

function throttleFromRow(row: Selectable<LoginThrottleTable>): ThrottleRecord {
  return {
    key: row.key,
    failures: Number(row.failures),
    windowStartedAt: row.window_started_at,
    lockouts: Number(row.lockouts),
    lockedUntil: row.locked_until,
    updatedAt: row.updated_at,
  };
}
