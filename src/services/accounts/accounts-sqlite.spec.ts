import { describeAccounts } from './testing/accounts-suite.js';
import { makeSqliteAccountsTarget } from './testing/accounts-target.js';

describeAccounts('SQLite', makeSqliteAccountsTarget);
