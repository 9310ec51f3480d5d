import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { StoreInputError } from '../errors.js';
import { migrateToLatest } from '../migrations/migrate.js';
import type { Database } from '../schema.js';

export interface PostgresOpenOptions {
  url: string;
  /** A schema of its own (created if missing), e.g. one per test file; default: the search_path. */
  schema?: string;
  /** How long a statement waits for a row lock before failing (PostgreSQL `lock_timeout`). */
  busyTimeoutMs: number;
  /** How long start-up waits for another process that is migrating the same database. */
  startupTimeoutMs: number;
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Connects a pool, checks the server answers, and applies migrations under an advisory lock.
 * Throws driver errors; `openStore` translates them.
 */
export async function openPostgres(options: PostgresOpenOptions): Promise<Kysely<Database>> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreInputError(`The schema name ${schema} is not a plain lower-case identifier.`);
  }
  const lockTimeout = busyLockTimeout(options);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection dropped by the server (restart, failover) emits 'error' on the pool; without
  // a listener that would crash the process. The pool replaces the connection on next use, and a
  // query on a dead server fails with store_unavailable.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      // Session settings on every new connection (SET, not startup `options`, so any options in
      // the URL still apply). Kysely awaits this before the connection's first query.
      onCreateConnection: async (connection) => {
        await connection.executeQuery(setConfig('lock_timeout', lockTimeout));
        if (schema !== undefined) await connection.executeQuery(setConfig('search_path', schema));
      },
    }),
  });
  try {
    await sql`select 1`.execute(db);
    await migrateUnderAdvisoryLock(db, options);
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * Several processes may share one database and start together: a session-level advisory lock,
 * keyed by the schema, lets one migrate while the others wait, then find nothing left to do. It
 * also covers CREATE SCHEMA, which races even with IF NOT EXISTS. (Kysely's migrator takes an
 * advisory lock of its own inside; ours is taken first and spans the whole start-up.)
 */
async function migrateUnderAdvisoryLock(db: Kysely<Database>, options: PostgresOpenOptions): Promise<void> {
  const lockKey = `forgekeeper:migrate:${options.schema ?? ''}`;
  await db.connection().execute(async (conn) => {
    await conn.executeQuery(setConfig('lock_timeout', String(options.startupTimeoutMs)));
    await sql`select pg_advisory_lock(hashtextextended(${lockKey}, 0))`.execute(conn);
    try {
      if (options.schema !== undefined) {
        await sql`create schema if not exists ${sql.id(options.schema)}`.execute(conn);
      }
      await migrateToLatest(conn, 'postgres', options.schema);
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${lockKey}, 0))`.execute(conn);
      await conn.executeQuery(setConfig('lock_timeout', busyLockTimeout(options)));
    }
  });
}

function busyLockTimeout(options: PostgresOpenOptions): string {
  return String(Math.max(0, Math.trunc(options.busyTimeoutMs)));
}

/** `set_config` binds the value as a parameter: no quoting of a schema name into SQL text. */
function setConfig(name: string, value: string) {
  return CompiledQuery.raw('select set_config($1, $2, false)', [name, value]);
}
