import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMasterKey, generateMasterKey } from '../../crypto/index.js';
import { SQLITE_FILE_NAME } from '../../store/index.js';
import { openVault } from './open-vault.js';
import { failure, unwrap } from './testing/lifecycle-context.js';
import { makePostgresVaultTarget, TEST_ADAPTER, type VaultTarget } from './testing/vault-target.js';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-open-vault-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const keyText = () => `${encodeMasterKey(generateMasterKey())}\n`;

describe('openVault', () => {
  it('generates a key file (0600) on first start, with a one-time notice to back it up', async () => {
    const dataDir = fresh();
    const first = unwrap(await openVault({ dataDir, env: {} }));
    expect(first.notices).toHaveLength(1);
    expect(first.notices[0]).toMatch(/Back up this file/);
    await first.close();
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    const second = unwrap(await openVault({ dataDir, env: {} }));
    expect(second.notices).toEqual([]);
    await second.close();
  });

  it('refuses a key file others can read, and writes nothing', async () => {
    const dataDir = fresh();
    const keyFile = join(fresh(), 'key');
    writeFileSync(keyFile, keyText());
    chmodSync(keyFile, 0o644);
    const refused = failure(await openVault({ dataDir, env: { FORGEKEEPER_MASTER_KEY_FILE: keyFile } }));
    expect(refused.code).toBe('master_key_insecure');
    expect(readdirSync(dataDir)).toEqual([]);

    const inDataDir = fresh();
    writeFileSync(join(inDataDir, 'master.key'), keyText(), { mode: 0o644 });
    chmodSync(join(inDataDir, 'master.key'), 0o644);
    expect(failure(await openVault({ dataDir: inDataDir, env: {} })).code).toBe('master_key_insecure');
    expect(readdirSync(inDataDir)).toEqual(['master.key']);
  });

  it('refuses a key of the wrong length', async () => {
    const dataDir = fresh();
    const short = Buffer.alloc(16, 7).toString('base64');
    const refused = failure(await openVault({ dataDir, env: { FORGEKEEPER_MASTER_KEY: short } }));
    expect(refused.code).toBe('master_key_invalid');
    expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(false);
  });

  it('refuses a key that is not this database’s, and never generates one for a database with keys', async () => {
    const dataDir = fresh();
    const env = { FORGEKEEPER_MASTER_KEY: encodeMasterKey(generateMasterKey()) };
    const vault = unwrap(await openVault({ dataDir, env, adapter: TEST_ADAPTER }));
    await vault.close();
    const wrong = failure(
      await openVault({ dataDir, env: { FORGEKEEPER_MASTER_KEY: encodeMasterKey(generateMasterKey()) } }),
    );
    expect(wrong.code).toBe('master_key_mismatch');
    const missing = failure(await openVault({ dataDir, env: {} }));
    expect(missing.code).toBe('master_key_mismatch');
    expect(existsSync(join(dataDir, 'master.key'))).toBe(false);
    const again = unwrap(await openVault({ dataDir, env }));
    await again.close();
  });

  it('loads older keys from FORGEKEEPER_MASTER_KEY_PREVIOUS and refuses a malformed one', async () => {
    const dataDir = fresh();
    const env = { FORGEKEEPER_MASTER_KEY: encodeMasterKey(generateMasterKey()) };
    const previous = encodeMasterKey(generateMasterKey());
    const vault = unwrap(
      await openVault({ dataDir, env: { ...env, FORGEKEEPER_MASTER_KEY_PREVIOUS: previous } }),
    );
    await vault.close();
    const bad = failure(
      await openVault({ dataDir, env: { ...env, FORGEKEEPER_MASTER_KEY_PREVIOUS: 'nope!' } }),
    );
    expect(bad.code).toBe('master_key_invalid');
    expect(bad.message).toMatch(/FORGEKEEPER_MASTER_KEY_PREVIOUS/);
  });

  it('passes store_unavailable through when the database cannot be reached', async () => {
    const refused = failure(
      await openVault({ dataDir: fresh(), databaseUrl: 'postgres://postgres@127.0.0.1:1/test', env: {} }),
    );
    expect(refused.code).toBe('store_unavailable');
  });

  describe('on PostgreSQL', () => {
    let target: VaultTarget | undefined;
    afterEach(async () => {
      await target?.dispose();
      target = undefined;
    });

    it('registers the key once and refuses another key', async () => {
      target = await makePostgresVaultTarget();
      const env = { FORGEKEEPER_MASTER_KEY: encodeMasterKey(generateMasterKey()) };
      const [a, b] = await Promise.all([target.open({ env }), target.open({ env })]);
      await a.close();
      await b.close();
      const other = { FORGEKEEPER_MASTER_KEY: encodeMasterKey(generateMasterKey()) };
      expect(failure(await openVault(target.options({ env: other }))).code).toBe('master_key_mismatch');
    });
  });
});
