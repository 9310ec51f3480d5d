import type { FastifyInstance } from 'fastify';
import type { ForgeDialect } from '../forge-reply.js';
import type { SandboxState } from '../state.js';
import { currentUserBody, personalAccessTokenBody } from './bodies.js';
import { createGitLabGuard } from './caller.js';
import { parseFormBody } from './form-body.js';
import { registerMergeRequestAndHookRoutes } from './mr-hook-routes.js';
import { registerNamespaceRoutes } from './namespace-routes.js';
import { GitLabNamespaces } from './namespaces.js';
import { registerProjectRoutes } from './project-routes.js';
import { GitLabProjects } from './projects.js';
import { registerRepositoryRoutes } from './repository-routes.js';
import { gitlabRequestHeaders, gitlabStatusReply } from './responses.js';
import { rotateSelf } from './rotate.js';
import { subscribePushHooks } from './webhooks.js';

export type { GitLabCaller } from './caller.js';

/**
 * GitLab's API (forges.md §2.2–2.9): caller identification in `caller.ts`, token endpoints here,
 * projects and namespaces in `project-routes.ts`, branches, trees and commits in
 * `repository-routes.ts`, merge requests and hooks in `mr-hook-routes.ts`.
 */
export function createGitLabDialect(state: SandboxState): ForgeDialect {
  const { guarded, rateLimitReply } = createGitLabGuard(state);
  // Groups and the project fields the shared store does not keep live here, one set per sandbox.
  const namespaces = new GitLabNamespaces(state);
  const projects = new GitLabProjects(state, namespaces);
  state.onReset.add(() => {
    namespaces.clear();
    projects.clear();
  });
  subscribePushHooks(state, projects);
  const context = { state, guarded, namespaces, projects };

  return {
    forge: 'gitlab',
    errorReply: gitlabStatusReply,
    rateLimitReply,
    notFoundReply: () => ({ status: 404, body: { error: '404 Not Found' } }),
    badJsonReply: () => ({
      status: 400,
      body: { error: 'The provided content-type is not supported or the body is not valid JSON' },
    }),
    register(app: FastifyInstance) {
      app.addHook('onRequest', async (_request, reply) => {
        reply.headers(gitlabRequestHeaders());
      });
      // GitLab takes form bodies wherever it takes JSON (forges.md §2.8); JSON stays the shared parser's.
      app.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string' },
        (_request, body, done) =>
          done(null, parseFormBody(typeof body === 'string' ? body : body.toString('utf8'))),
      );

      app.get(
        '/personal_access_tokens/self',
        guarded('GET /personal_access_tokens/self', (_request, { record, account }) => ({
          status: 200,
          body: personalAccessTokenBody(record, account.id, state.clock.nowMs()),
        })),
      );

      app.delete(
        '/personal_access_tokens/self',
        guarded('DELETE /personal_access_tokens/self', (_request, { record }) => {
          record.state = 'revoked';
          return { status: 204, body: null };
        }),
      );

      app.post(
        '/personal_access_tokens/self/rotate',
        guarded('POST /personal_access_tokens/self/rotate', (request, caller) =>
          rotateSelf(state, caller, request.body),
        ),
      );

      app.get(
        '/user',
        guarded('GET /user', (_request, { account }) => ({
          status: 200,
          body: currentUserBody(account, state.requireUrls()),
        })),
      );

      registerProjectRoutes(app, context);
      registerNamespaceRoutes(app, context);
      registerRepositoryRoutes(app, context);
      registerMergeRequestAndHookRoutes(app, context);
    },
  };
}
