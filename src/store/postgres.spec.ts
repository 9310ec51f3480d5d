import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';
import { describeStoreContract } from './store.contract.js';
import { errorCode, makeOwner, makeToken, unwrap } from './testing/factories.js';
import { makePostgresTarget, requirePostgres, TEST_DATABASE_URL } from './testing/postgres-target.js';

beforeAll(requirePostgres);

describeStoreContract('PostgreSQL', makePostgresTarget);

describe('PostgreSQL specifics', () => {
  it('answers store_unavailable when the server cannot be reached', async () => {
    const result = await openStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/test', env: {} });
    expect(errorCode(result)).toBe('store_unavailable');
  });

  it('answers store_busy when a row stays locked past the lock timeout, then works again', async () => {
    const target = await makePostgresTarget();
    const store = await target.open({ busyTimeoutMs: 50, retries: 1 });
    const locker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await locker.connect();
    try {
      const owner = await makeOwner(store);
      const token = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      await locker.query('begin');
      await locker.query(`select * from ${target.schema}.owners where id = $1 for update`, [owner.id]);

      expect(errorCode(await store.tokens.setDefault(owner.id, token.id))).toBe('store_busy');
      await locker.query('rollback');
      expect(unwrap(await store.tokens.setDefault(owner.id, token.id)).isDefault).toBe(true);
    } finally {
      await locker.end();
      await store.close();
      await target.dispose();
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    const result = await openStore({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      schema: 'x; drop table tokens',
      env: {},
    });
    expect(errorCode(result)).toBe('invalid_input');
  });
});
