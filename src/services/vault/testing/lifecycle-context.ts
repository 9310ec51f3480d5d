import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { FkError } from '../../../domain/errors/error.js';
import type { ForgeId } from '../../../domain/forge.js';
import type { Result } from '../../../domain/result.js';
import type { CreatedToken, CreateTokenInput, RunningSandbox } from '../../../sandbox/index.js';
import { useSandbox } from '../../../sandbox/testing/sandbox-fixture.js';
import type { Vault } from '../types.js';
import type { MakeVaultTarget, VaultTarget } from './vault-target.js';

export const DAY_MS = 86_400_000;

/** What every lifecycle test works with. One vault and one sandbox per file; fresh owners per test. */
export interface LifecycleContext {
  readonly target: VaultTarget;
  readonly vault: Vault;
  readonly sandbox: RunningSandbox;
  /** The vault's clock: real time plus an offset that `advance` moves (with the sandbox's). */
  now(): Date;
  advance(ms: number): Promise<void>;
  /** A new owner id, so tests sharing the database never see each other's tokens. */
  owner(): string;
  /** Issues a token at the sandbox and remembers its text for the canary scan. */
  issue(input: CreateTokenInput): Promise<CreatedToken>;
  apiUrl(forge: ForgeId): string;
  /** Adds a token the forge made (a rotation) to the canary's list. */
  remember(token: string): void;
  /** Every token text issued in this file. */
  readonly issued: readonly string[];
}

export function useLifecycle(makeTarget: MakeVaultTarget): () => LifecycleContext {
  const fixture = useSandbox();
  const issued: string[] = [];
  let offsetMs = 0;
  let target: VaultTarget | undefined;
  let vault: Vault | undefined;
  const now = () => new Date(Date.now() + offsetMs);

  beforeAll(async () => {
    target = await makeTarget();
    vault = await target.open({ now });
  });
  afterAll(async () => {
    await vault?.close();
    await target?.dispose();
  });
  beforeEach(() => {
    offsetMs = 0;
  });

  const context: LifecycleContext = {
    get target() {
      if (!target) throw new Error('vault target not set up');
      return target;
    },
    get vault() {
      if (!vault) throw new Error('vault not opened');
      return vault;
    },
    get sandbox() {
      return fixture.sandbox;
    },
    now,
    async advance(ms) {
      offsetMs += ms;
      await fixture.sandbox.control.advanceClock(ms);
    },
    owner: () => `user-${randomBytes(6).toString('hex')}`,
    async issue(input) {
      const created = await fixture.sandbox.control.createToken(input);
      issued.push(created.token);
      return created;
    },
    apiUrl: (forge) => fixture.sandbox.urls[forge].api,
    remember(token) {
      issued.push(token);
    },
    issued,
  };
  return () => context;
}

export function unwrap<T>(result: Result<T, FkError>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function failure<T>(result: Result<T, FkError>): FkError {
  if (result.ok) expect.fail('expected an error, got ok');
  return result.error;
}

/** An ISO instant `days` from the context's now. */
export function inDays(ctx: LifecycleContext, days: number): string {
  return new Date(ctx.now().getTime() + days * DAY_MS).toISOString();
}
