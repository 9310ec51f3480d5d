import type { FastifyInstance } from 'fastify';
import type { AccountsService } from '../../services/accounts/index.js';
import type { Vault } from '../../services/vault/index.js';
import { accountRoutes } from './account-routes.js';
import { API_PREFIX } from './api-schemas.js';
import { gitCredentialRoutes } from './git-credential-routes.js';
import { guideRoutes } from './guide-routes.js';
import { createRefreshJobs } from './refresh-jobs.js';
import { repoRoutes } from './repo-routes.js';
import { sessionRoutes } from './session-routes.js';
import { tokenRoutes } from './token-routes.js';
import { userRoutes } from './user-routes.js';

export interface ApiRoutesOptions {
  accounts: AccountsService;
  vault: Vault;
}

/** Everything under /api/v1 that needs the accounts service. */
export async function apiRoutes(app: FastifyInstance, { accounts, vault }: ApiRoutesOptions): Promise<void> {
  const jobs = createRefreshJobs(vault);
  await app.register(sessionRoutes, { prefix: API_PREFIX, accounts });
  await app.register(tokenRoutes, { prefix: API_PREFIX, accounts, vault, jobs });
  await app.register(repoRoutes, { prefix: API_PREFIX, accounts, vault });
  await app.register(accountRoutes, { prefix: API_PREFIX, accounts });
  await app.register(userRoutes, { prefix: API_PREFIX, accounts });
  await app.register(guideRoutes, { prefix: API_PREFIX, accounts });
  await app.register(gitCredentialRoutes, { prefix: API_PREFIX, accounts, vault });
}
