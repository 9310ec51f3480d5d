import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import type { FkError } from '../../../domain/errors/error.js';
import type { Result } from '../../../domain/result.js';
import { SQLITE_FILE_NAME } from '../../../store/index.js';
import { TEST_DATABASE_URL } from '../../../store/testing/postgres-target.js';
import { type OpenVaultOptions, openVault } from '../open-vault.js';
import type { Vault } from '../types.js';

/** One database (and data directory, for the key file) that vaults open. Test support only. */
export interface VaultTarget {
  readonly name: 'SQLite' | 'PostgreSQL';
  readonly dataDir: string;
  /** The options that open a vault on this database; `overrides` win. */
  options(overrides?: OpenVaultOptions): OpenVaultOptions;
  /** Opens another vault on this database; fails the test when it cannot. */
  open(overrides?: OpenVaultOptions): Promise<Vault>;
  /** Flips a byte of a token's ciphertext, as a damaged disk or a bad restore would. */
  corruptCiphertext(tokenId: string): Promise<void>;
  /** The database's bytes as stored (SQLite: the file and its WAL); null where not on disk here. */
  databaseBytes(): Buffer | null;
  dispose(): Promise<void>;
}

export type MakeVaultTarget = () => Promise<VaultTarget>;

/** Fast forge calls for tests: no retries inside the adapter, the refresh engine retries instead. */
export const TEST_ADAPTER = { retries: 0, backoffMs: 1, timeoutMs: 5_000 } as const;

export const makeSqliteVaultTarget: MakeVaultTarget = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fk-vault-'));
  const options = (overrides: OpenVaultOptions = {}): OpenVaultOptions => ({
    dataDir,
    env: {},
    adapter: TEST_ADAPTER,
    ...overrides,
  });
  return {
    name: 'SQLite',
    dataDir,
    options,
    open: async (overrides) => unwrapVault(await openVault(options(overrides))),
    async corruptCiphertext(tokenId) {
      const db = new BetterSqlite3(join(dataDir, SQLITE_FILE_NAME));
      try {
        const row = db.prepare('select ciphertext from tokens where id = ?').get(tokenId) as
          | { ciphertext: Buffer }
          | undefined;
        if (!row) throw new Error(`no token ${tokenId}`);
        db.prepare('update tokens set ciphertext = ? where id = ?').run(flipped(row.ciphertext), tokenId);
      } finally {
        db.close();
      }
    },
    databaseBytes() {
      const files = readdirSync(dataDir).filter((file) => file.startsWith(SQLITE_FILE_NAME));
      return Buffer.concat(files.map((file) => readFileSync(join(dataDir, file))));
    },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
};

export const makePostgresVaultTarget: MakeVaultTarget = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fk-vault-pg-'));
  const schema = `fk_vault_${Math.random().toString(16).slice(2, 14)}`;
  const options = (overrides: OpenVaultOptions = {}): OpenVaultOptions => ({
    dataDir,
    databaseUrl: TEST_DATABASE_URL,
    env: {},
    adapter: TEST_ADAPTER,
    store: { schema },
    ...overrides,
  });
  const query = async (text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      return await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'PostgreSQL',
    dataDir,
    options,
    open: async (overrides) => unwrapVault(await openVault(options(overrides))),
    async corruptCiphertext(tokenId) {
      const found = await query(`select ciphertext from ${schema}.tokens where id = $1`, [tokenId]);
      const row = found.rows[0] as { ciphertext: Buffer } | undefined;
      if (!row) throw new Error(`no token ${tokenId}`);
      await query(`update ${schema}.tokens set ciphertext = $1 where id = $2`, [
        flipped(row.ciphertext),
        tokenId,
      ]);
    },
    databaseBytes: () => null,
    async dispose() {
      await query(`drop schema if exists ${schema} cascade`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

function flipped(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy[0] = (copy[0] ?? 0) ^ 0xff;
  return copy;
}

function unwrapVault(result: Result<Vault, FkError>): Vault {
  if (!result.ok) expect.fail(`openVault failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}
