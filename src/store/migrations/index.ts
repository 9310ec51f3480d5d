import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../store.js';
import { initialMigration } from './0001-initial.js';
import { accountsMigration } from './0002-accounts.js';
import { gitRulesMigration } from './0003-git-rules.js';
import { tokensVersionMigration } from './0004-tokens-version.js';

/**
 * The migrations, in code (no directory scanning: works from a bundle). Names sort in the order
 * they run; add new ones at the end, never edit an applied one.
 */
export function migrationProvider(dialect: StoreDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial': initialMigration(dialect),
    '0002-accounts': accountsMigration(dialect),
    '0003-git-rules': gitRulesMigration(),
    '0004-tokens-version': tokensVersionMigration(dialect),
  };
  return { getMigrations: async () => migrations };
}

export const MIGRATION_TABLE = 'forgekeeper_migration';
export const MIGRATION_LOCK_TABLE = 'forgekeeper_migration_lock';
