import { type Kysely, type Migration, sql } from 'kysely';
import type { StoreDialect } from '../store.js';

/**
 * `owners.tokens_version`: a counter the database bumps, in the writing transaction, on every insert,
 * update and delete of one of the owner's tokens — whichever code or process writes. Reading it (one
 * point query) tells a reader whether the owner's token list it read earlier is still exact, so the
 * list need not be read again (the store's token-list cache, docs/server.md "What the server needs").
 * Triggers rather than updates in the store's write paths: nothing that writes `tokens` can forget
 * it. Forward-only: there is no `down`.
 */
export function tokensVersionMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('owners')
        .addColumn('tokens_version', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      if (dialect === 'sqlite') {
        // SQLite has row triggers only; the `owner_id` of a token never changes, but an update
        // that moved one would bump both owners.
        await sql`create trigger tokens_version_insert after insert on tokens begin
            update owners set tokens_version = tokens_version + 1 where id = new.owner_id;
          end`.execute(db);
        await sql`create trigger tokens_version_update after update on tokens begin
            update owners set tokens_version = tokens_version + 1 where id in (old.owner_id, new.owner_id);
          end`.execute(db);
        await sql`create trigger tokens_version_delete after delete on tokens begin
            update owners set tokens_version = tokens_version + 1 where id = old.owner_id;
          end`.execute(db);
        return;
      }
      // `owners` of the schema the written `tokens` is in (tg_table_schema), not whatever the writing
      // session's search_path finds: a store opened on a schema sets its search_path, other writers
      // (a psql session, a test fixture) may not.
      await sql`create function forgekeeper_bump_tokens_version() returns trigger
          language plpgsql as $$
          begin
            if tg_op <> 'INSERT' then
              execute format('update %I.owners set tokens_version = tokens_version + 1 where id = $1', tg_table_schema)
                using old.owner_id;
            end if;
            if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.owner_id <> old.owner_id) then
              execute format('update %I.owners set tokens_version = tokens_version + 1 where id = $1', tg_table_schema)
                using new.owner_id;
            end if;
            return null;
          end
          $$`.execute(db);
      await sql`create trigger tokens_version after insert or update or delete on tokens
          for each row execute function forgekeeper_bump_tokens_version()`.execute(db);
    },
  };
}
