import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { FkError } from '../../../domain/errors/error.js';
import type { Result } from '../../../domain/result.js';
import type { Store } from '../../../store/index.js';
import { type AccountsOptions, createAccounts } from '../accounts.js';
import type { Argon2Params } from '../password-hashing.js';
import type { Role } from '../principal.js';
import type { AccountsService, LoginResult, SessionAuth, UserView } from '../types.js';
import type { AccountsTarget, MakeAccountsTarget } from './accounts-target.js';

/** Cheap argon2id for tests: the cost parameters do not change behaviour, only speed. */
export const TEST_HASHING: Argon2Params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** An accounts service over a real database, with a clock that only the tests move. */
export interface AccountsFixture {
  readonly target: AccountsTarget;
  readonly store: Store;
  readonly accounts: AccountsService;
  now(): Date;
  advance(ms: number): void;
  /** A fresh database with its own service (setup not done). Closed after the file. */
  fresh(
    options?: Partial<AccountsOptions>,
  ): Promise<{ store: Store; accounts: AccountsService; target: AccountsTarget }>;
  /** Another service over `store` (another process), on the same clock. */
  serviceOver(store: Store, options?: Partial<AccountsOptions>): AccountsService;
  /** A signed-in session of the administrator created at setup. */
  asAdmin(): Promise<SessionAuth>;
  /** A new user with a password, signed in. */
  signUp(role?: Role): Promise<SignedUp>;
  /** A fresh client address, so per-address throttling of one test does not reach another. */
  ip(): string;
}

export interface SignedUp {
  user: UserView;
  password: string;
  login: LoginResult;
  auth: SessionAuth;
}

export const ADMIN = { username: 'Admin', password: 'admin password 123' } as const;

export function useAccounts(makeTarget: MakeAccountsTarget): () => AccountsFixture {
  // A clock that stands still unless a test moves it: exact timestamps, no flaky timing.
  const base = Date.now();
  let offsetMs = 0;
  const now = () => new Date(base + offsetMs);
  const cleanups: (() => Promise<unknown>)[] = [];
  let ready: { target: AccountsTarget; store: Store; accounts: AccountsService } | null = null;

  const serviceOver = (store: Store, options: Partial<AccountsOptions> = {}) =>
    createAccounts({ store, now, passwordHashing: TEST_HASHING, ...options });

  const fresh = async (options: Partial<AccountsOptions> = {}) => {
    const target = await makeTarget();
    const store = await target.open({ now });
    cleanups.push(
      () => target.dispose(),
      () => store.close(),
    );
    return { target, store, accounts: serviceOver(store, options) };
  };

  beforeAll(async () => {
    ready = await fresh();
    const code = must(await ready.accounts.issueSetupCode()).code.reveal();
    must(await ready.accounts.completeSetup({ code, ...ADMIN }));
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  beforeEach(() => {
    offsetMs = 0;
  });

  const get = () => {
    if (ready === null) throw new Error('accounts fixture not set up');
    return ready;
  };
  const ip = () => `10.${[...randomBytes(3)].join('.')}`;

  const fixture: AccountsFixture = {
    get target() {
      return get().target;
    },
    get store() {
      return get().store;
    },
    get accounts() {
      return get().accounts;
    },
    now,
    advance(ms) {
      offsetMs += ms;
    },
    fresh,
    serviceOver,
    async asAdmin() {
      const { accounts } = get();
      const login = must(await accounts.login({ ...ADMIN, ip: ip() }));
      return must(await accounts.authenticateSession(login.sessionToken.reveal()));
    },
    async signUp(role = 'user') {
      const { accounts } = get();
      const admin = await fixture.asAdmin();
      const username = `user-${randomBytes(5).toString('hex')}`;
      const password = `pw ${randomBytes(8).toString('hex')}`;
      const user = must(await accounts.createUser(admin.principal, { username, password, role }));
      const login = must(await accounts.login({ username, password, ip: ip() }));
      const auth = must(await accounts.authenticateSession(login.sessionToken.reveal()));
      return { user, password, login, auth };
    },
    ip,
  };
  return () => fixture;
}

export function must<T>(result: Result<T, FkError>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function failure<T>(result: Result<T, FkError>): FkError {
  if (result.ok) expect.fail('expected an error, got ok');
  return result.error;
}
