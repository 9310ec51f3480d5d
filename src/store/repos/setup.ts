import { ok } from '../../domain/result.js';
import type { SetupStore } from '../account-store.js';
import { run, type StoreContext } from '../context.js';
import { isoTime } from '../rows.js';

/** The one row that says the first administrator exists. */
export function setupStore(ctx: StoreContext): SetupStore {
  return {
    get() {
      return run(ctx, async (db) => {
        const row = await db.selectFrom('accounts_setup').selectAll().where('id', '=', 1).executeTakeFirst();
        return ok(
          row === undefined ? null : { adminUserId: row.admin_user_id, completedAt: row.completed_at },
        );
      });
    },

    complete(setup) {
      return run(ctx, async (db) => {
        // A plain insert of the fixed key: a second setup fails with a unique violation (`conflict`),
        // also when it races the first (PostgreSQL makes it wait for the first one's commit).
        const completedAt = isoTime(setup.completedAt, 'completedAt');
        await db
          .insertInto('accounts_setup')
          .values({ id: 1, admin_user_id: setup.adminUserId, completed_at: completedAt })
          .execute();
        return ok({ adminUserId: setup.adminUserId, completedAt });
      });
    },
  };
}
