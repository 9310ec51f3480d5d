import { ok } from '../domain/result.js';
import { atomic, run, type StoreContext } from './context.js';
import { MIGRATION_TABLE } from './migrations/index.js';
import { recordChecksIn, recordChecksOnThread } from './record-checks.js';
import { accountStores } from './repos/accounts.js';
import { auditStore } from './repos/audit.js';
import { gitRuleStore } from './repos/git-rules.js';
import { keyStore } from './repos/keys.js';
import { ownerStore } from './repos/owners.js';
import { settingsStore } from './repos/settings.js';
import { tokenStore } from './repos/tokens.js';
import type { SqliteWriteThread } from './sqlite/write-thread.js';
import type { Store, StoreTx } from './store.js';

/**
 * The one Store implementation, over whichever dialect `ctx` carries. `writeThread` (SQLite) runs
 * `recordChecks` beside the event loop; without it they run in a transaction on `ctx`.
 */
export function kyselyStore(
  ctx: StoreContext,
  close: () => Promise<void>,
  writeThread: SqliteWriteThread | null = null,
): Store {
  let closed: Promise<void> | null = null;
  const transaction: Store['transaction'] = (fn) =>
    atomic(ctx, (db) => fn(storeTx({ ...ctx, db, inTransaction: true })));
  return {
    ...storeTx(ctx),
    dialect: ctx.dialect.name,
    transaction,
    recordChecks(writes) {
      if (writes.length === 0) return Promise.resolve(ok(0));
      if (writeThread !== null) return recordChecksOnThread(ctx, writeThread, writes);
      return transaction((tx) => recordChecksIn(tx, writes));
    },
    migrations() {
      return run(ctx, async (db) => {
        // The migrator's own table is not part of `Database`; this is its one reader.
        const rows = await db
          .withTables<Record<typeof MIGRATION_TABLE, { name: string; timestamp: string }>>()
          .selectFrom(MIGRATION_TABLE)
          .select('name')
          .orderBy('name')
          .execute();
        return ok(rows.map((row) => row.name));
      });
    },
    close() {
      closed ??= (async () => {
        await writeThread?.close();
        await close();
      })();
      return closed;
    },
  };
}

function storeTx(ctx: StoreContext): StoreTx {
  return {
    owners: ownerStore(ctx),
    tokens: tokenStore(ctx),
    audit: auditStore(ctx),
    keys: keyStore(ctx),
    settings: settingsStore(ctx),
    gitRules: gitRuleStore(ctx),
    ...accountStores(ctx),
    newId: ctx.newId,
  };
}
