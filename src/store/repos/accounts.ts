import type { AccountStores } from '../account-store.js';
import type { StoreContext } from '../context.js';
import { apiKeyStore } from './api-keys.js';
import { loginThrottleStore } from './login-throttle.js';
import { oneTimeCodeStore } from './one-time-codes.js';
import { sessionStore } from './sessions.js';
import { setupStore } from './setup.js';
import { userStore } from './users.js';

/** The record groups of people and machines over one context (the store's, or a transaction's). */
export function accountStores(ctx: StoreContext): AccountStores {
  return {
    users: userStore(ctx),
    sessions: sessionStore(ctx),
    apiKeys: apiKeyStore(ctx),
    oneTimeCodes: oneTimeCodeStore(ctx),
    setup: setupStore(ctx),
    loginThrottle: loginThrottleStore(ctx),
  };
}
