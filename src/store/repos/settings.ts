import { ok } from '../../domain/result.js';
import { run, type StoreContext } from '../context.js';
import type { SettingsStore } from '../store.js';

/** Instance-wide key/value settings (not per owner). */
export function settingsStore(ctx: StoreContext): SettingsStore {
  return {
    get(key) {
      return run(ctx, async (db) => {
        const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
        return ok(row?.value ?? null);
      });
    },
    set(key, value) {
      return run(ctx, async (db) => {
        await db
          .insertInto('settings')
          .values({ key, value })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
          .execute();
        return ok(undefined);
      });
    },
  };
}
