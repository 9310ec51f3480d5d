import { beforeAll } from 'vitest';
import { requirePostgres } from '../../store/testing/postgres-target.js';
import { describeAccounts } from './testing/accounts-suite.js';
import { makePostgresAccountsTarget } from './testing/accounts-target.js';

beforeAll(requirePostgres);

describeAccounts('PostgreSQL', makePostgresAccountsTarget);
