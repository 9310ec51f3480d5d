import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { type FkError, fkError } from '../domain/errors/error.js';
import { err, ok, type Result } from '../domain/result.js';
import type { RetryPolicy, StoreContext } from './context.js';
import { type Dialect, postgresDialect, sqliteDialect } from './dialect.js';
import { translateStoreError } from './errors.js';
import { createIdGenerator } from './ids.js';
import { kyselyStore } from './kysely-store.js';
import { MigrationError } from './migrations/migrate.js';
import { openPostgres } from './postgres/open-postgres.js';
import type { Database } from './schema.js';
import { openSqlite, SQLITE_FILE_NAME } from './sqlite/open-sqlite.js';
import { SqliteWriteThread } from './sqlite/write-thread.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** SQLite's directory, created on first use. Default: FORGEKEEPER_DATA_DIR, else `./data`. */
  dataDir?: string;
  /** A `postgres://` or `postgresql://` URL selects PostgreSQL. Default: FORGEKEEPER_DATABASE_URL. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created if missing) instead of the search_path; for tests. */
  schema?: string;
  /** How long one statement waits for a lock before failing as busy. Default 2,000 ms. */
  busyTimeoutMs?: number;
  /** Whole-operation retries after a busy failure. Default 4. */
  retries?: number;
  /** The store's clock, for created/updated times. Default: the system clock. */
  now?: () => Date;
  /** Where the defaults come from. Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;
const STARTUP_TIMEOUT_MS = 60_000;

/**
 * Opens the store named by the options or the environment — PostgreSQL when a `postgres://` URL
 * is given, else SQLite at `<dataDir>/forgekeeper.db` — and applies pending migrations.
 * Fails with `store_unavailable` when the database cannot be reached, created or written.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Result<Store, FkError>> {
  const env = options.env ?? process.env;
  const url = options.databaseUrl ?? nonEmpty(env.FORGEKEEPER_DATABASE_URL);
  const busyTimeoutMs = options.busyTimeoutMs ?? 2_000;
  const retry: RetryPolicy = { retries: options.retries ?? 4, backoffMs: 25 };
  const clock = options.now ?? (() => new Date());
  const base = { retry, now: () => clock().toISOString(), newId: createIdGenerator(() => clock().getTime()) };

  if (url !== undefined && !POSTGRES_URL.test(url)) {
    // The URL may hold a password: it is not echoed back.
    return err(
      fkError('invalid_input', {
        message: 'The database URL must start with postgres:// or postgresql://.',
        remediation: 'Set FORGEKEEPER_DATABASE_URL to a PostgreSQL URL, or unset it to use SQLite.',
      }),
    );
  }
  const opened: Result<{ db: Kysely<Database>; dialect: Dialect; file: string | null }, FkError> =
    url === undefined
      ? await openSqliteStore(
          options.dataDir ?? nonEmpty(env.FORGEKEEPER_DATA_DIR) ?? './data',
          busyTimeoutMs,
        )
      : await attempt(postgresDialect, () =>
          openPostgres({
            url,
            ...(options.schema === undefined ? {} : { schema: options.schema }),
            busyTimeoutMs,
            startupTimeoutMs: STARTUP_TIMEOUT_MS,
          }),
        ).then((pg) => (pg.ok ? ok({ ...pg.value, file: null }) : pg));
  if (!opened.ok) return opened;
  const { db, dialect, file } = opened.value;
  const ctx: StoreContext = { db, dialect, inTransaction: false, ...base };
  const writeThread = file === null ? null : new SqliteWriteThread(file, busyTimeoutMs);
  return ok(kyselyStore(ctx, () => db.destroy(), writeThread));
}

async function openSqliteStore(dataDir: string, busyTimeoutMs: number) {
  const opened = await attempt(sqliteDialect, () =>
    openSqlite({ dataDir, busyTimeoutMs, startupTimeoutMs: STARTUP_TIMEOUT_MS }),
  );
  // The directory is no secret and is what the operator has to fix.
  if (!opened.ok) return err({ ...opened.error, details: { ...opened.error.details, dataDir } });
  return ok({ ...opened.value, file: join(dataDir, SQLITE_FILE_NAME) });
}

async function attempt(
  dialect: Dialect,
  open: () => Promise<Kysely<Database>>,
): Promise<Result<{ db: Kysely<Database>; dialect: Dialect }, FkError>> {
  try {
    return ok({ db: await open(), dialect });
  } catch (error) {
    const translated = translateStoreError(error instanceof MigrationError ? error.cause : error);
    if (translated === null) throw error;
    return err(translated);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
