import { type Kysely, sql } from 'kysely';
import type { Database, DbBool } from './schema.js';
import type { StoreDialect } from './store.js';

/** The few things SQLite and PostgreSQL do differently; everything else is shared Kysely code. */
export interface Dialect {
  name: StoreDialect;
  /** A boolean as the column stores it. */
  bool(value: boolean): DbBool;
  /** Runs `fn` in a transaction that commits when it resolves and rolls back when it throws. */
  transaction<T>(db: Kysely<Database>, fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: serialises writers of one owner's tokens (defaults, fingerprints) until
   * commit. Answers whether the owner exists.
   */
  lockOwner(db: Kysely<Database>, ownerId: string): Promise<boolean>;
}

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  bool: (value) => (value ? 1 : 0),
  transaction(db, fn) {
    // BEGIN IMMEDIATE takes the write lock up front (waiting up to busy_timeout). A deferred BEGIN
    // that reads first and writes later can fail with SQLITE_BUSY mid-transaction, where waiting
    // cannot help. Kysely's SQLite driver has one connection: holding it holds the transaction.
    return db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        // SQLite may already have rolled back (SQLITE_FULL, I/O errors); a failing ROLLBACK then says so.
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw error;
      }
    });
  },
  async lockOwner(db, ownerId) {
    // The write lock taken by BEGIN IMMEDIATE already serialises every writer.
    const row = await db.selectFrom('owners').select('id').where('id', '=', ownerId).executeTakeFirst();
    return row !== undefined;
  },
};

export const postgresDialect: Dialect = {
  name: 'postgres',
  bool: (value) => value,
  transaction(db, fn) {
    return db.transaction().execute(fn);
  },
  async lockOwner(db, ownerId) {
    // NO KEY UPDATE, not UPDATE: it does not block the KEY SHARE lock that foreign-key checks of
    // concurrent inserts into tokens take on the owner row.
    const row = await db
      .selectFrom('owners')
      .select('id')
      .where('id', '=', ownerId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    return row !== undefined;
  },
};
