import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from './migrations/index.js';
import { openStore } from './open-store.js';
import { SQLITE_FILE_NAME } from './sqlite/open-sqlite.js';
import { describeStoreContract } from './store.contract.js';
import type { Store } from './store.js';
import { errorCode, makeSealed, makeToken, unwrap } from './testing/factories.js';
import { makeSqliteTarget } from './testing/sqlite-target.js';
import { LOCAL_OWNER_ID } from './types.js';

describeStoreContract('SQLite', makeSqliteTarget);

describe('SQLite specifics', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-sqlite-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  const open = async (options: Parameters<typeof openStore>[0]) => {
    const store = unwrap(await openStore({ env: {}, ...options }));
    cleanups.push(() => store.close());
    return store;
  };
  /** Another connection holding the write lock, as a second process would. */
  const lockWriter = (dataDir: string) => {
    const other = new BetterSqlite3(join(dataDir, SQLITE_FILE_NAME));
    other.exec('BEGIN IMMEDIATE');
    cleanups.push(() => other.close());
    return other;
  };

  it('creates <dataDir>/forgekeeper.db on first use: WAL, owner-only permissions', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    await open({ dataDir });
    const file = join(dataDir, SQLITE_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const raw = new BetterSqlite3(file, { readonly: true });
    cleanups.push(() => raw.close());
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('leaves no trace of a deleted token’s sealed parts in the file', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, SQLITE_FILE_NAME);
    const marker = Buffer.from(`canary-ciphertext-${randomBytes(8).toString('hex')}`);
    const sealed = { ...makeSealed(), ciphertext: new Uint8Array(marker) };
    const first = unwrap(await openStore({ dataDir, env: {} }));
    const token = unwrap(await first.tokens.insert(makeToken(first, LOCAL_OWNER_ID, { sealed })));
    await first.close(); // the last connection checkpoints the WAL into the file
    expect(readFileSync(file).includes(marker)).toBe(true);

    const second = unwrap(await openStore({ dataDir, env: {} }));
    unwrap(await second.tokens.delete(LOCAL_OWNER_ID, token.id));
    await second.close();
    expect(readFileSync(file).includes(marker)).toBe(false);
  });

  it('takes the data directory from FORGEKEEPER_DATA_DIR', async () => {
    const dataDir = tempDir();
    const store = await open({ env: { FORGEKEEPER_DATA_DIR: dataDir } });
    expect(store.dialect).toBe('sqlite');
    expect(statSync(join(dataDir, SQLITE_FILE_NAME)).isFile()).toBe(true);
  });

  it('answers store_busy after retries while another process holds the write lock; reads go on', async () => {
    const dataDir = tempDir();
    const store = await open({ dataDir, busyTimeoutMs: 10, retries: 2 });
    const token = makeToken(store, LOCAL_OWNER_ID);
    const other = lockWriter(dataDir);

    const started = Date.now();
    const result = await store.tokens.insert(token);
    expect(errorCode(result)).toBe('store_busy');
    expect(Date.now() - started).toBeGreaterThanOrEqual(20); // it waited and retried
    expect(unwrap(await store.tokens.list(LOCAL_OWNER_ID))).toEqual([]); // WAL: readers never wait

    other.exec('COMMIT');
    unwrap(await store.tokens.insert(token));
  });

  it('succeeds when the lock is released while it is retrying', async () => {
    const dataDir = tempDir();
    const store = await open({ dataDir, busyTimeoutMs: 10, retries: 5 });
    const other = lockWriter(dataDir);
    setTimeout(() => other.exec('COMMIT'), 40);
    unwrap(await store.tokens.insert(makeToken(store, LOCAL_OWNER_ID)));
  });

  it('answers store_unavailable when the data directory cannot be created', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const result = await openStore({ dataDir: join(blocker, 'data'), env: {} });
    expect(errorCode(result)).toBe('store_unavailable');
    if (!result.ok) expect(result.error.details).toMatchObject({ dataDir: join(blocker, 'data') });
  });

  it('answers store_unavailable when the file is not a database', async () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, SQLITE_FILE_NAME),
      'not a database, just text that is long enough '.repeat(50),
    );
    expect(errorCode(await openStore({ dataDir, env: {} }))).toBe('store_unavailable');
  });

  it('migrates once when several processes start on a new file at the same moment', async () => {
    const dataDir = tempDir();
    const child = fileURLToPath(new URL('./testing/open-store-child.ts', import.meta.url));
    const fingerprint = randomBytes(32).toString('hex');
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', child, dataDir, fingerprint], {
        timeout: 15_000,
      });
    const outputs = await Promise.all([run(), run(), run()]);
    const reports = outputs.map((o) => JSON.parse(o.stdout) as { created: boolean; migrations: string[] });
    const names = Object.keys(await migrationProvider('sqlite').getMigrations()).sort();
    expect(reports.map((r) => r.migrations)).toEqual(Array(3).fill(names));
    expect(reports.filter((r) => r.created === true)).toHaveLength(1);
    const store: Store = await open({ dataDir });
    expect(unwrap(await store.tokens.list(LOCAL_OWNER_ID))).toHaveLength(1);
  });
});
