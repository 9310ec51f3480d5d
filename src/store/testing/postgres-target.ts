import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type OpenStoreOptions, openStore } from '../open-store.js';
import type { StoreTarget } from '../store.contract.js';
import { unwrap } from './factories.js';

export const TEST_DATABASE_URL =
  process.env.FORGEKEEPER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Fails — never skips — when PostgreSQL is not there: a store suite that silently ran on SQLite
 * only would hide every PostgreSQL bug.
 */
export async function requirePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${reason}). The store contract runs against ` +
        'PostgreSQL too and does not skip. Start it with ' +
        '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, ' +
        'or point FORGEKEEPER_TEST_DATABASE_URL at a server with a database you may create schemas in.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A schema of its own per target (`fk_test_<random>`), dropped on dispose, so runs never collide. */
export async function makePostgresTarget(): Promise<StoreTarget & { schema: string }> {
  const schema = `fk_test_${randomBytes(6).toString('hex')}`;
  return {
    schema,
    open: async (options: Partial<OpenStoreOptions> = {}) =>
      unwrap(await openStore({ databaseUrl: TEST_DATABASE_URL, schema, env: {}, ...options })),
    dispose: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
