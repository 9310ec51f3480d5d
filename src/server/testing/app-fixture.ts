import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Vault } from '../../services/vault/index.js';
import { makeSqliteVaultTarget, type VaultTarget } from '../../services/vault/testing/vault-target.js';
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
  readonly target: VaultTarget;
  readonly log: LogCapture;
}

/**
 * One real SQLite vault in a temp dir and one app per test file, logging at debug into a capture.
 * `extend` adds test-only routes before the app is ready. Test support only.
 */
export function useApp(
  options: { deps?: Partial<Omit<BuildAppDeps, 'vault'>>; extend?: (app: FastifyInstance) => void } = {},
): AppFixture {
  const state: Partial<AppFixture> = {};
  beforeAll(async () => {
    const target = await makeSqliteVaultTarget();
    const vault = await target.open();
    const log = captureLog();
    const app = await buildApp({ vault, logger: { level: 'debug', stream: log }, ...options.deps });
    options.extend?.(app);
    await app.ready();
    Object.assign(state, { app, vault, target, log });
  });
  afterAll(async () => {
    await state.app?.close();
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
