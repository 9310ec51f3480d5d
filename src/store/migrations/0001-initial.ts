import { type Kysely, type Migration, sql } from 'kysely';
import type { StoreDialect } from '../store.js';

/**
 * The first schema: owners, tokens (metadata and the four sealed parts), the audit log, master
 * keys with rotation progress, and settings. Multi-user from the start: every token and event has
 * an owner. Forward-only: there is no `down`.
 */
export function initialMigration(dialect: StoreDialect): Migration {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  const bool = dialect === 'postgres' ? 'boolean' : 'integer';
  const no = dialect === 'postgres' ? sql`false` : sql`0`;

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('owners')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addCheckConstraint('owners_kind_check', sql`kind in ('local', 'user')`)
        .execute();

      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // Deleting an owner takes its tokens (and their ciphertexts) with it.
        .addColumn('owner_id', 'text', (c) => c.notNull().references('owners.id').onDelete('cascade'))
        .addColumn('forge', 'text', (c) => c.notNull())
        .addColumn('api_url', 'text', (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('account_id', 'text')
        .addColumn('account_login', 'text')
        .addColumn('account_name', 'text')
        .addColumn('email', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_code', 'text')
        .addColumn('last_checked_at', 'text')
        .addColumn('last_used_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('mask', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('is_default', bool, (c) => c.notNull().defaultTo(no))
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('wrapped_key', blob, (c) => c.notNull())
        .addColumn('nonce', blob, (c) => c.notNull())
        .addColumn('ciphertext', blob, (c) => c.notNull())
        // Two processes adding the same token for one owner end with one record (upsert target).
        .addUniqueConstraint('tokens_owner_fingerprint_key', ['owner_id', 'fingerprint'])
        .execute();

      // Listing one owner's tokens, oldest first, is an index range scan.
      await db.schema
        .createIndex('tokens_owner_created_idx')
        .on('tokens')
        .columns(['owner_id', 'created_at', 'id'])
        .execute();
      // At most one default per (owner, forge, API URL); `setDefault` moves it in one transaction.
      await db.schema
        .createIndex('tokens_one_default_idx')
        .unique()
        .on('tokens')
        .columns(['owner_id', 'forge', 'api_url'])
        .where(sql.ref('is_default'), '=', dialect === 'postgres' ? sql`true` : sql`1`)
        .execute();
      // Key rotation walks the tokens of one master key in id order.
      await db.schema.createIndex('tokens_key_idx').on('tokens').columns(['key_id', 'id']).execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        // No foreign keys: the log outlives the tokens (and owners) it speaks of.
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('token_id', 'text')
        .addColumn('forge', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addCheckConstraint('audit_events_outcome_check', sql`outcome in ('ok', 'error')`)
        .execute();
      await db.schema
        .createIndex('audit_events_owner_at_idx')
        .on('audit_events')
        .columns(['owner_id', 'at', 'id'])
        .execute();
      await db.schema
        .createIndex('audit_events_token_at_idx')
        .on('audit_events')
        .columns(['token_id', 'at', 'id'])
        .execute();

      await db.schema
        .createTable('master_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // HMAC of a constant under the key (src/crypto keyCheck): proves a loaded key is this one.
        .addColumn('check_value', blob, (c) => c.notNull())
        // The fingerprint key, wrapped by this master key (src/crypto FingerprintKey.wrap).
        .addColumn('fingerprint_key', blob, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('retired_at', 'text')
        .addCheckConstraint('master_keys_state_check', sql`state in ('active', 'retiring', 'retired')`)
        .execute();
      // One active master key at a time: new tokens are sealed under exactly one.
      await db.schema
        .createIndex('master_keys_one_active_idx')
        .unique()
        .on('master_keys')
        .column('state')
        .where(sql.ref('state'), '=', sql`'active'`)
        .execute();

      await db.schema
        .createTable('key_rotation')
        .addColumn('from_key_id', 'text', (c) => c.notNull())
        .addColumn('to_key_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('done', 'integer', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('cursor', 'text')
        .addColumn('finished_at', 'text')
        .addPrimaryKeyConstraint('key_rotation_pkey', ['from_key_id', 'to_key_id'])
        .execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      // The CLI acts as this owner.
      await sql`insert into owners (id, name, kind, created_at)
        values ('local', 'local', 'local', ${new Date().toISOString()})`.execute(db);
    },
  };
}
