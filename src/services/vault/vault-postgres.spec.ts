import { beforeAll } from 'vitest';
import { requirePostgres } from '../../store/testing/postgres-target.js';
import { describeVaultLifecycle } from './testing/lifecycle.js';
import { makePostgresVaultTarget } from './testing/vault-target.js';

beforeAll(requirePostgres);

describeVaultLifecycle('PostgreSQL', makePostgresVaultTarget);
