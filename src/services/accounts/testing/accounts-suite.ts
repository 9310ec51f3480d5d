import { describe } from 'vitest';
import { useAccounts } from './accounts-fixture.js';
import type { MakeAccountsTarget } from './accounts-target.js';
import { apiKeysSuite } from './api-keys-suite.js';
import { loginSuite } from './login-suite.js';
import { sessionsSuite } from './sessions-suite.js';
import { setupSuite } from './setup-suite.js';
import { usersSuite } from './users-suite.js';

/**
 * The accounts service against a real database. Each store's spec calls this once; the tests
 * share one database (set up once) and keep apart with fresh users and client addresses.
 */
export function describeAccounts(name: string, makeTarget: MakeAccountsTarget): void {
  describe(`accounts: ${name}`, () => {
    const get = useAccounts(makeTarget);
    setupSuite(get);
    loginSuite(get);
    sessionsSuite(get);
    apiKeysSuite(get);
    usersSuite(get);
  });
}
