import type { FastifyInstance } from 'fastify';
import type { ForgeDialect } from '../forge-reply.js';
import type { SandboxState } from '../state.js';
import { userBody } from './bodies.js';
import { createBitbucketGuard } from './caller.js';
import { registerBodyParsers } from './form-body.js';
import { registerPullRequestRoutes } from './pull-request-routes.js';
import { registerRepoRoutes } from './repo-routes.js';
import { bitbucketRequestHeaders, bitbucketStatusReply, rateLimited } from './responses.js';
import { registerSrcRoute } from './src-route.js';
import { subscribeBitbucketWebhooks } from './webhooks.js';
import { registerWorkspaceRoutes } from './workspace-routes.js';

/**
 * Bitbucket Cloud's API (forges.md §3): `GET /2.0/user` (§3.1–3.5: API tokens only as Basic
 * `email:token`; app passwords as Basic `username:password` until their removal; access tokens as
 * Bearer, which are valid but not users — 403 with their credential headers), the workspaces the
 * caller belongs to, and the repository operations of §3.8.
 */
export function createBitbucketDialect(state: SandboxState): ForgeDialect {
  const guard = createBitbucketGuard(state);
  // Once per sandbox: push events of Bitbucket repositories become `repo:push` deliveries.
  subscribeBitbucketWebhooks(state);

  return {
    forge: 'bitbucket',
    errorReply: bitbucketStatusReply,
    rateLimitReply: () => rateLimited(),
    notFoundReply: () => ({
      status: 404,
      body: {
        type: 'error',
        error: { message: 'Resource not found', detail: 'There is no API hosted at this URL.' },
      },
    }),
    badJsonReply: () => ({ status: 400, body: { type: 'error', error: { message: 'Bad request' } } }),
    register(app: FastifyInstance) {
      app.addHook('onRequest', async (_request, reply) => {
        reply.headers(bitbucketRequestHeaders());
      });
      registerBodyParsers(app);
      app.get(
        '/user',
        guard.guarded('GET /user', (actor) => ({
          status: 200,
          body: userBody(actor.account, state.requireUrls()),
        })),
      );
      registerWorkspaceRoutes(app, state, guard);
      registerRepoRoutes(app, state, guard);
      registerSrcRoute(app, state, guard);
      registerPullRequestRoutes(app, state, guard);
    },
  };
}
