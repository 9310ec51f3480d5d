import { type Kysely, Migrator } from 'kysely';
import type { Database } from '../schema.js';
import type { StoreDialect } from '../store.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrationProvider } from './index.js';

/**
 * Applies pending migrations. The caller holds the cross-process lock (SQLite: BEGIN IMMEDIATE;
 * PostgreSQL: an advisory lock), so a second process starting at the same time waits and then
 * finds nothing left to do.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: StoreDialect,
  schema?: string,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(failed, error);
  }
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string | undefined,
    override readonly cause: unknown,
  ) {
    super(
      `migration ${migration ?? '(setup)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}
