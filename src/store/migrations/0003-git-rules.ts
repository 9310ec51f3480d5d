import type { Kysely, Migration } from 'kysely';

/**
 * Git rules: which stored token the git credential helper gives the repositories matching a
 * pattern (`github.com/acme/*` → token "work"; docs/git.md). One pattern once per owner. A rule
 * goes with its owner and with its token (a rule naming a deleted token could only mislead).
 * Same DDL in both dialects. Forward-only: there is no `down`.
 */
export function gitRulesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('git_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_id', 'text', (c) => c.notNull().references('owners.id').onDelete('cascade'))
        .addColumn('pattern', 'text', (c) => c.notNull())
        .addColumn('token_id', 'text', (c) => c.notNull().references('tokens.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('git_rules_owner_pattern_key', ['owner_id', 'pattern'])
        .execute();
      // Deleting a token finds its rules by index (the cascade), not by a scan.
      await db.schema.createIndex('git_rules_token_idx').on('git_rules').column('token_id').execute();
    },
  };
}
