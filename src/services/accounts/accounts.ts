import type { Store } from '../../store/index.js';
import { createApiKeyCache } from './api-key-cache.js';
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from './api-keys.js';
import type { AccountsContext } from './context.js';
import { verifyCsrf } from './csrf.js';
import { invite, redeemInvite } from './invites.js';
import { login } from './login.js';
import { pruneExpired } from './maintenance.js';
import { type Argon2Params, createPasswordHasher } from './password-hashing.js';
import { changePassword } from './passwords.js';
import { type AccountsPolicy, DEFAULT_POLICY } from './policy.js';
import { authenticateSession, logout } from './sessions.js';
import { completeSetup, issueSetupCode, setupState } from './setup.js';
import type { AccountsService } from './types.js';
import { clearLoginLockout, createUser, listUsers, setUserDisabled } from './users.js';

export interface AccountsOptions {
  /** An open store; the service does not close it. */
  store: Store;
  /** The clock for every expiry, window and timestamp. Default: the system clock. */
  now?: () => Date;
  /** Overrides of the defaults in policy.ts. */
  policy?: Partial<AccountsPolicy>;
  /** argon2id cost. Default: OWASP's (19 MiB, 2 passes, 1 lane); tests use less. */
  passwordHashing?: Argon2Params;
}

/** Composes the operations over one context. Each lives in its own module. */
export function createAccounts(options: AccountsOptions): AccountsService {
  const policy = { ...DEFAULT_POLICY, ...options.policy };
  const ctx: AccountsContext = {
    store: options.store,
    policy,
    apiKeyCache: createApiKeyCache(policy.apiKeyCacheMs),
    hasher: createPasswordHasher(options.passwordHashing),
    now: options.now ?? (() => new Date()),
    setupCode: null,
  };
  return {
    setupState: () => setupState(ctx),
    issueSetupCode: () => issueSetupCode(ctx),
    completeSetup: (input) => completeSetup(ctx, input),
    login: (input) => login(ctx, input),
    authenticateSession: (token) => authenticateSession(ctx, token),
    verifyCsrf: (session, token) => verifyCsrf(session, token),
    logout: (token) => logout(ctx, token),
    changePassword: (session, input) => changePassword(ctx, session, input),
    createUser: (actor, input) => createUser(ctx, actor, input),
    invite: (actor, input) => invite(ctx, actor, input),
    redeemInvite: (input) => redeemInvite(ctx, input),
    listUsers: (actor) => listUsers(ctx, actor),
    disableUser: (actor, userId) => setUserDisabled(ctx, actor, userId, true),
    enableUser: (actor, userId) => setUserDisabled(ctx, actor, userId, false),
    clearLoginLockout: (actor, username) => clearLoginLockout(ctx, actor, username),
    createApiKey: (actor, input) => createApiKey(ctx, actor, input),
    listApiKeys: (actor, userId) => listApiKeys(ctx, actor, userId),
    revokeApiKey: (actor, id) => revokeApiKey(ctx, actor, id),
    authenticateApiKey: (bearer) => authenticateApiKey(ctx, bearer),
    pruneExpired: () => pruneExpired(ctx),
  };
}
