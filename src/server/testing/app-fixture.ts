import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { type AccountsService, createAccounts } from '../../services/accounts/index.js';
import { TEST_HASHING } from '../../services/accounts/testing/accounts-fixture.js';
import type { Vault } from '../../services/vault/index.js';
import { makeSqliteVaultTarget, type VaultTarget } from '../../services/vault/testing/vault-target.js';
import { openStore, type Store } from '../../store/index.js';
import { type BuildAppDeps, buildApp } from '../app.js';

/** A pino destination that keeps every line, so tests can read what the server logged. */
export interface LogCapture {
  write(line: string): void;
  readonly text: string;
  lines(): Record<string, unknown>[];
}

export function captureLog(): LogCapture {
  const chunks: string[] = [];
  return {
    write(line) {
      chunks.push(line);
    },
    get text() {
      return chunks.join('');
    },
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export interface AppFixture {
  readonly app: FastifyInstance;
  readonly vault: Vault;
  readonly accounts: AccountsService;
  readonly target: VaultTarget;
  readonly log: LogCapture;
}

/**
 * An accounts service over `target`'s database (a second store handle, as `serve` opens it), with
 * cheap password hashing. Test support only.
 */
export async function openTestAccounts(
  target: VaultTarget,
  now?: () => Date,
): Promise<{ accounts: AccountsService; store: Store }> {
  const opened = await openStore({ dataDir: target.dataDir, env: {} });
  if (!opened.ok) throw new Error(`openStore failed: ${opened.error.code}`);
  const accounts = createAccounts({
    store: opened.value,
    passwordHashing: TEST_HASHING,
    ...(now === undefined ? {} : { now }),
  });
  return { accounts, store: opened.value };
}

/**
 * One real SQLite vault in a temp dir and one app per test file, logging at debug into a capture.
 * `extend` adds test-only routes before the app is ready. Test support only.
 */
export function useApp(
  options: {
    deps?: Partial<Omit<BuildAppDeps, 'vault' | 'accounts'>>;
    extend?: (app: FastifyInstance) => void;
    /** The accounts service's clock (API key and session expiry); default the system clock. */
    accountsNow?: () => Date;
  } = {},
): AppFixture {
  const state: Partial<AppFixture> = {};
  let accountsStore: Store | undefined;
  beforeAll(async () => {
    const target = await makeSqliteVaultTarget();
    const vault = await target.open();
    const { accounts, store } = await openTestAccounts(target, options.accountsNow);
    accountsStore = store;
    const log = captureLog();
    const app = await buildApp({ vault, accounts, logger: { level: 'debug', stream: log }, ...options.deps });
    options.extend?.(app);
    await app.ready();
    Object.assign(state, { app, vault, accounts, target, log });
  });
  afterAll(async () => {
    await state.app?.close();
    await accountsStore?.close();
    await state.vault?.close();
    await state.target?.dispose();
  });
  return {
    get app() {
      return need(state.app, 'app');
    },
    get vault() {
      return need(state.vault, 'vault');
    },
    get accounts() {
      return need(state.accounts, 'accounts');
    },
    get target() {
      return need(state.target, 'target');
    },
    get log() {
      return need(state.log, 'log');
    },
  };
}

function need<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} not set up`);
  return value;
}
