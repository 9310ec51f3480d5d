import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { sleep } from '../context.js';
import { migrateToLatest } from '../migrations/migrate.js';
import type { Database } from '../schema.js';
import { withStatementCache } from './statement-cache.js';

export const SQLITE_FILE_NAME = 'forgekeeper.db';

export interface SqliteOpenOptions {
  dataDir: string;
  /** How long one statement waits for another process's write lock (SQLite `busy_timeout`). */
  busyTimeoutMs: number;
  /** How long start-up waits for another process that is migrating the same file. */
  startupTimeoutMs: number;
}

/**
 * Opens (creating on first use) `<dataDir>/forgekeeper.db`: WAL so readers never wait for the
 * writer, foreign keys on, a busy timeout, migrations applied. Throws driver / file-system errors;
 * `openStore` translates them.
 */
export async function openSqlite(options: SqliteOpenOptions): Promise<Kysely<Database>> {
  // The database holds ciphertexts only, but nobody else needs to read it.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const file = join(options.dataDir, SQLITE_FILE_NAME);
  const fresh = !existsSync(file);
  const raw = new BetterSqlite3(file);
  try {
    if (fresh) chmodSync(file, 0o600); // -wal and -shm files copy the database file's mode
    // Start-up waits asynchronously (busy_timeout 0 and polling): better-sqlite3 is synchronous,
    // and a blocking wait would also stall a second store opening in this very process, which
    // holds the lock we wait for.
    raw.pragma('busy_timeout = 0');
    raw.pragma('foreign_keys = ON');
    // A deleted token's sealed parts are zeroed in the file, not left in free pages for a copy
    // of the database (and a leaked master key) to recover.
    raw.pragma('secure_delete = ON');
    await untilNotBusy(options.startupTimeoutMs, () => raw.pragma('journal_mode = WAL'));
    // Under WAL, `synchronous = NORMAL` (the setting SQLite recommends for WAL) syncs the log at
    // checkpoints instead of at every commit. A commit is then durable against the process crashing
    // or being killed (SIGKILL): it is in the OS's page cache and the WAL is replayed on open. Only a
    // power loss or OS crash may roll back the last commits before a checkpoint; the database stays
    // consistent either way (never a torn or half-applied transaction). FULL's fsync per commit
    // blocked the event loop for milliseconds per write (Refresh All: see docs/vault.md).
    raw.pragma('synchronous = NORMAL');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
    await migrateUnderWriteLock(raw, db, options.startupTimeoutMs);
    raw.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs))}`);
    return db;
  } catch (error) {
    raw.close();
    throw error;
  }
}

/**
 * BEGIN IMMEDIATE takes SQLite's single write lock for the whole migration, so two processes
 * starting at once run it one after the other; the second finds every migration applied. Kysely's
 * SQLite migrator has no lock of its own, and its statements run on this same connection, inside
 * this transaction — a failed migration leaves nothing behind.
 */
async function migrateUnderWriteLock(
  raw: BetterSqlite3.Database,
  db: Kysely<Database>,
  timeoutMs: number,
): Promise<void> {
  await untilNotBusy(timeoutMs, () => raw.exec('BEGIN IMMEDIATE'));
  try {
    await migrateToLatest(db, 'sqlite');
    raw.exec('COMMIT');
  } catch (error) {
    if (raw.inTransaction) raw.exec('ROLLBACK');
    throw error;
  }
}

async function untilNotBusy<T>(timeoutMs: number, attempt: () => T): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      return attempt();
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() >= deadline) throw error;
    }
    await sleep(wait);
  }
}

function isSqliteBusy(error: unknown): boolean {
  return error instanceof BetterSqlite3.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code);
}
