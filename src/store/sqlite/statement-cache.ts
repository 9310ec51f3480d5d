import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { ARRAY_ROWS_MARKER } from '../prepared.js';

/**
 * Kysely's SQLite driver prepares every query anew; compiling the same SQL text once and reusing
 * the statement keeps hot reads (listing an owner's tokens) well under a millisecond. Kysely emits
 * the same text for the same query shape, so a small cache covers every query the store makes.
 * SQL that starts with `ARRAY_ROWS_MARKER` gets a raw-mode statement: its rows are arrays.
 */
export function withStatementCache(db: BetterSqlite3.Database, capacity = 256): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => db.close(),
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached !== undefined) return cached;
      const statement = db.prepare(sql);
      if (sql.startsWith(ARRAY_ROWS_MARKER)) statement.raw(true);
      if (cache.size >= capacity) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
