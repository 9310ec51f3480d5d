import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { masterKeyFromBase64 } from '../../../crypto/index.js';
import type { FkError } from '../../../domain/errors/error.js';
import type { Result } from '../../../domain/result.js';
import type { RunningSandbox } from '../../../sandbox/index.js';
import { useSandbox } from '../../../sandbox/testing/sandbox-fixture.js';
import { openStore, type Store } from '../../../store/index.js';
import type { OpenVaultOptions } from '../../vault/open-vault.js';
import type { MakeVaultTarget, VaultTarget } from '../../vault/testing/vault-target.js';
import type { Vault } from '../../vault/types.js';
import type { RotateKeysOptions } from '../types.js';

/** One database per test (and its data directory), the sandbox forges, vaults closed afterwards. */
export interface RotationTarget {
  readonly target: VaultTarget;
  readonly sandbox: RunningSandbox;
  /** Opens a vault on this test's database with `env` as its whole environment. */
  open(env?: Record<string, string>): Promise<Vault>;
}

export function useRotationTarget(makeTarget: MakeVaultTarget): () => RotationTarget {
  const fixture = useSandbox();
  let target: VaultTarget | undefined;
  const vaults: Vault[] = [];
  beforeEach(async () => {
    target = await makeTarget();
  });
  afterEach(async () => {
    for (const vault of vaults.splice(0)) await vault.close();
    await target?.dispose();
    target = undefined;
  });
  const context: RotationTarget = {
    get target() {
      if (target === undefined) throw new Error('no database: use inside a test');
      return target;
    },
    get sandbox() {
      return fixture.sandbox;
    },
    async open(env = {}) {
      const vault = await context.target.open({ env });
      vaults.push(vault);
      return vault;
    },
  };
  return () => context;
}

/** The id of a base64 key text. */
export function idOf(text: string): string {
  return unwrapOk(masterKeyFromBase64(text)).id;
}

/** A token the test stored, with its text kept in memory to compare what opens. Test support only. */
export interface Seeded {
  ownerId: string;
  id: string;
  label: string;
  token: string;
}

/**
 * Issues `count` GitHub tokens at the sandbox and adds them through `vault` (the real Save Token
 * path: inspection, sealing, the guarded store), spread over `owners` owners (or all for `ownerId`),
 * several at a time.
 */
export async function seedTokens(
  vault: Vault,
  sandbox: RunningSandbox,
  count: number,
  options: { owners?: number; ownerId?: string; prefix?: string; concurrency?: number } = {},
): Promise<Seeded[]> {
  const owners = options.owners ?? 3;
  const prefix = options.prefix ?? 't';
  const issued = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      sandbox.control.createToken({
        forge: 'github',
        kind: 'classic',
        login: `${prefix}-user-${index % 20}`,
        scopes: ['repo'],
        expiresAt: '2099-01-01',
      }),
    ),
  );
  const seeded: Seeded[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const ownerId = options.ownerId ?? `${prefix}-owner-${index % owners}`;
      const label = `${prefix}-${String(index).padStart(4, '0')}`;
      const token = issued[index]?.token ?? '';
      const added = await vault.add({
        ownerId,
        raw: token,
        apiUrl: sandbox.urls.github.api,
        label,
        actor: 'test',
      });
      if (!added.ok) throw new Error(`seeding ${label}: ${added.error.code}: ${added.error.message}`);
      seeded.push({ ownerId, id: added.value.record.id, label, token });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return seeded.sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * Proves every seeded token is there exactly once and opens (through `withToken`) to its own text;
 * answers how many opened. Owners' lists must hold exactly the seeded labels: nothing lost, nothing
 * duplicated.
 */
export async function expectEveryTokenOpens(vault: Vault, seeded: readonly Seeded[]): Promise<number> {
  const owners = [...new Set(seeded.map((entry) => entry.ownerId))];
  for (const ownerId of owners) {
    const listed = unwrapOk(await vault.list(ownerId));
    const expected = seeded.filter((entry) => entry.ownerId === ownerId).map((entry) => entry.label);
    expect(listed.map((record) => record.label).sort()).toEqual([...expected].sort());
  }
  let opened = 0;
  for (const entry of seeded) {
    const same = await vault.withToken(
      entry.ownerId,
      { id: entry.id },
      'rotation test',
      async (secret) =>
        // Compared in memory only: the test never prints a token.
        secret.reveal() === entry.token,
    );
    if (!same.ok) expect.fail(`${entry.label} did not open: ${same.error.code}: ${same.error.message}`);
    expect(same.value, `${entry.label} opened to another text`).toBe(true);
    opened += 1;
  }
  return opened;
}

/** Options for `rotateMasterKey` on the database a vault's options name. */
export function rotationOptions(
  vaultOptions: OpenVaultOptions,
  extra: RotateKeysOptions = {},
): RotateKeysOptions {
  return {
    ...(vaultOptions.dataDir === undefined ? {} : { dataDir: vaultOptions.dataDir }),
    ...(vaultOptions.databaseUrl === undefined ? {} : { databaseUrl: vaultOptions.databaseUrl }),
    ...(vaultOptions.store?.schema === undefined ? {} : { store: { schema: vaultOptions.store.schema } }),
    env: {},
    ...extra,
  };
}

/** The raw store under a vault's options (no key checks), to look at key ids and fingerprints. */
export async function rawStore(vaultOptions: OpenVaultOptions): Promise<Store> {
  return unwrapOk(
    await openStore({
      ...(vaultOptions.dataDir === undefined ? {} : { dataDir: vaultOptions.dataDir }),
      ...(vaultOptions.databaseUrl === undefined ? {} : { databaseUrl: vaultOptions.databaseUrl }),
      ...(vaultOptions.store?.schema === undefined ? {} : { schema: vaultOptions.store.schema }),
      env: {},
    }),
  );
}

/** The base64 key text of a key file in the data directory. */
export function keyText(dataDir: string, file = 'master.key'): string {
  return readFileSync(join(dataDir, file), 'utf8').trim();
}

export function unwrapOk<T>(result: Result<T, FkError>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function failed<T>(result: Result<T, FkError>): FkError {
  if (result.ok) expect.fail('expected an error, got ok');
  return result.error;
}
