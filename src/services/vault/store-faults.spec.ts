import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubClassic } from '../../sandbox/testing/factories.js';
import { useSandbox } from '../../sandbox/testing/sandbox-fixture.js';
import { SQLITE_FILE_NAME } from '../../store/index.js';
import { failure, unwrap } from './testing/lifecycle-context.js';
import { makeSqliteVaultTarget, type VaultTarget } from './testing/vault-target.js';

describe('vault on a busy database', () => {
  const fixture = useSandbox();
  let target: VaultTarget;
  beforeAll(async () => {
    target = await makeSqliteVaultTarget();
  });
  afterAll(async () => {
    await target.dispose();
  });

  it('answers store_busy and leaves no partial record; works again once the lock is gone', async () => {
    const vault = await target.open({ store: { busyTimeoutMs: 50, retries: 0 } });
    const api = fixture.sandbox.urls.github.api;
    const first = await fixture.sandbox.control.createToken(githubClassic());
    const second = await fixture.sandbox.control.createToken(githubClassic());
    unwrap(await vault.add({ ownerId: 'local', raw: first.token, apiUrl: api, actor: 'cli' }));
    const locker = new BetterSqlite3(join(target.dataDir, SQLITE_FILE_NAME));
    try {
      locker.exec('BEGIN IMMEDIATE');
      const busy = failure(
        await vault.add({ ownerId: 'local', raw: second.token, apiUrl: api, actor: 'cli' }),
      );
      expect(busy.code).toBe('store_busy');
      expect(JSON.stringify(busy)).not.toContain(second.token);
      locker.exec('ROLLBACK');
    } finally {
      locker.close();
    }
    expect(unwrap(await vault.list('local'))).toHaveLength(1);
    unwrap(await vault.add({ ownerId: 'local', raw: second.token, apiUrl: api, actor: 'cli' }));
    expect(unwrap(await vault.list('local'))).toHaveLength(2);
    await vault.close();
  });
});
