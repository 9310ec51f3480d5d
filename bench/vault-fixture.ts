import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createKeyRing, encodeMasterKey, generateMasterKey, type KeyRing } from '../src/crypto/index.js';
import type { FkError } from '../src/domain/errors/error.js';
import type { Result } from '../src/domain/result.js';
import { type OpenVaultOptions, openVault, type Vault } from '../src/services/vault/index.js';
import { type NewToken, openStore, type Store } from '../src/store/index.js';

/** The PostgreSQL the store tests use; a schema of its own per run, dropped afterwards. */
export const BENCH_DATABASE_URL =
  process.env.FORGEKEEPER_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function unwrap<T>(result: Result<T, FkError>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * Where a benchmark's vault lives: a temporary data directory (SQLite), or a fresh PostgreSQL schema
 * (`fk_bench_<random>`), with a master key of its own given in the environment — so the benchmark can
 * seal with the vault's own key ring, and nothing of the user's environment or `./data` is touched.
 */
export interface VaultPlace {
  dialect: 'sqlite' | 'postgres';
  dataDir: string;
  env: NodeJS.ProcessEnv;
  ring: KeyRing;
  openVault(options?: Pick<OpenVaultOptions, 'adapter' | 'warnDays'>): Promise<Vault>;
  /** A store on the same database (a second connection), for seeding and bare baselines. */
  openStore(): Promise<Store>;
  /** Removes the directory and drops the schema. */
  dispose(): Promise<void>;
}

export async function makeVaultPlace(dialect: 'sqlite' | 'postgres'): Promise<VaultPlace> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fk-bench-'));
  const master = generateMasterKey();
  const env: NodeJS.ProcessEnv = { FORGEKEEPER_MASTER_KEY: encodeMasterKey(master) };
  const schema = dialect === 'postgres' ? `fk_bench_${randomBytes(6).toString('hex')}` : undefined;
  const databaseUrl = dialect === 'postgres' ? BENCH_DATABASE_URL : undefined;
  return {
    dialect,
    dataDir,
    env,
    ring: createKeyRing(master),
    async openVault(options = {}) {
      return unwrap(
        await openVault({
          ...options,
          dataDir,
          env,
          ...(databaseUrl === undefined ? {} : { databaseUrl }),
          ...(schema === undefined ? {} : { store: { schema } }),
        }),
        'openVault',
      );
    },
    async openStore() {
      return unwrap(
        await openStore({
          dataDir,
          env: {},
          ...(databaseUrl === undefined ? {} : { databaseUrl }),
          ...(schema === undefined ? {} : { schema }),
        }),
        'openStore',
      );
    },
    async dispose() {
      rmSync(dataDir, { recursive: true, force: true });
      if (schema === undefined) return;
      const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A GitHub-classic-shaped token text (random; never sent to a forge). */
export function fakeGithubToken(): string {
  const bytes = randomBytes(36);
  return `ghp_${Array.from(bytes, (byte) => BASE62[byte % 62]).join('')}`;
}

/** A stored token's row as `vault.add` would write it for an active GitHub classic token, minus `sealed`. */
export function tokenRow(store: Store, ownerId: string, i: number): Omit<NewToken, 'sealed'> {
  return {
    id: store.newId(),
    ownerId,
    forge: 'github',
    apiUrl: 'https://api.github.com',
    label: null,
    account: { id: String(100_000 + i), login: `user${i}`, name: `User ${i}` },
    kind: 'classic',
    scopes: ['repo', 'workflow'],
    expiresAt: null,
    status: 'active',
    statusCode: null,
    lastCheckedAt: new Date().toISOString(),
    mask: 'ghp_…x1Yz',
    fingerprint: randomBytes(32).toString('hex'),
    isDefault: false,
  };
}
