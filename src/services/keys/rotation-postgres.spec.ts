import { beforeAll } from 'vitest';
import { requirePostgres } from '../../store/testing/postgres-target.js';
import { makePostgresVaultTarget } from '../vault/testing/vault-target.js';
import { describeKeyRotation } from './testing/rotation-suite.js';

beforeAll(requirePostgres);

describeKeyRotation('PostgreSQL', makePostgresVaultTarget);
