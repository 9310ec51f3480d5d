import { makeSqliteVaultTarget } from '../vault/testing/vault-target.js';
import { describeKeyRotation } from './testing/rotation-suite.js';

describeKeyRotation('SQLite', makeSqliteVaultTarget);
