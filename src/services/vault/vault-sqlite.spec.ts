import { describeVaultLifecycle } from './testing/lifecycle.js';
import { makeSqliteVaultTarget } from './testing/vault-target.js';

describeVaultLifecycle('SQLite', makeSqliteVaultTarget);
