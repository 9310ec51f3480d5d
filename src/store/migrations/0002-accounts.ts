import { type Kysely, type Migration, sql } from 'kysely';
import type { StoreDialect } from '../store.js';

/**
 * People and machines: users (each one an owner), browser sessions, API keys, one-time setup and
 * invitation codes, the setup marker, and login throttling. Secrets are never stored: passwords as
 * argon2id PHC strings, session tokens, API keys and one-time codes as SHA-256 hex digests.
 * Forward-only: there is no `down`.
 */
export function accountsMigration(dialect: StoreDialect): Migration {
  const bool = dialect === 'postgres' ? 'boolean' : 'integer';
  const no = dialect === 'postgres' ? sql`false` : sql`0`;

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        // A user is an owner: their tokens and audit events hang off the same id.
        .addColumn('owner_id', 'text', (c) => c.primaryKey().references('owners.id').onDelete('cascade'))
        .addColumn('username', 'text', (c) => c.notNull())
        // Lower-cased by the store, so uniqueness is case-insensitive the same way in both
        // dialects (SQLite's lower() and PostgreSQL's collations disagree beyond ASCII).
        .addColumn('username_key', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        // argon2id PHC string; null while an invited user has not set a password yet.
        .addColumn('password_hash', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('disabled', bool, (c) => c.notNull().defaultTo(no))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('password_changed_at', 'text')
        .addUniqueConstraint('users_username_key', ['username_key'])
        .addCheckConstraint('users_role_check', sql`role in ('admin', 'user')`)
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // SHA-256 of the cookie's token: a stolen database cannot be replayed as cookies.
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.owner_id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('sessions_token_hash_key', ['token_hash'])
        .execute();
      await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // The public part of the key (`fk_<public_id>_<secret>`): finds the row without a scan.
        .addColumn('public_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.owner_id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        // JSON array of scope names.
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('last_used_at', 'text')
        // Revoked keys stay, so a revoked key is told apart from an unknown one and lists show it.
        .addColumn('revoked_at', 'text')
        .addUniqueConstraint('api_keys_public_id_key', ['public_id'])
        .execute();
      await db.schema
        .createIndex('api_keys_user_created_idx')
        .on('api_keys')
        .columns(['user_id', 'created_at', 'id'])
        .execute();
      // Names tell a user's live keys apart; a revoked key's name may be used again.
      await db.schema
        .createIndex('api_keys_live_name_idx')
        .unique()
        .on('api_keys')
        .columns(['user_id', 'name'])
        .where(sql.ref('revoked_at'), 'is', null)
        .execute();

      await db.schema
        .createTable('one_time_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('purpose', 'text', (c) => c.notNull())
        // The invited user; null for setup codes.
        .addColumn('user_id', 'text', (c) => c.references('users.owner_id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addCheckConstraint('one_time_codes_purpose_check', sql`purpose in ('setup', 'invite')`)
        .execute();
      await db.schema
        .createIndex('one_time_codes_purpose_user_idx')
        .on('one_time_codes')
        .columns(['purpose', 'user_id'])
        .execute();

      // One row at most: inserting it is how exactly one of several racing setups wins.
      await db.schema
        .createTable('accounts_setup')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('admin_user_id', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text', (c) => c.notNull())
        .addCheckConstraint('accounts_setup_single_row_check', sql`id = 1`)
        .execute();

      await db.schema
        .createTable('login_throttle')
        // `user:<username key>` or `ip:<address or /64>`; unknown usernames are throttled alike.
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_started_at', 'text', (c) => c.notNull())
        .addColumn('lockouts', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_throttle_updated_idx')
        .on('login_throttle')
        .column('updated_at')
        .execute();
    },
  };
}
