import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxState } from '../state.js';
import { workspacesOf } from './access.js';
import type { BitbucketGuard } from './caller.js';
import { isPageRequest, pageOf, readPage } from './pagination.js';
import { accountRef, workspaceBody } from './repo-bodies.js';
import { bitbucketError } from './responses.js';

/**
 * The caller's workspaces (swagger `GET /workspaces`, `GET /user/permissions/workspaces`): the
 * personal one (`owner`) and those where they collaborate on a repository (`member`), see access.ts.
 */
export function registerWorkspaceRoutes(
  app: FastifyInstance,
  state: SandboxState,
  guard: BitbucketGuard,
): void {
  const api = () => state.requireUrls().bitbucket.api;
  const roleQuery = z.looseObject({ role: z.string().optional() });

  app.get(
    '/workspaces',
    guard.guarded('GET /workspaces', (actor, request) => {
      const page = readPage(request.query);
      if (!isPageRequest(page)) return page;
      const { role } = roleQuery.parse(request.query ?? {});
      if (role !== undefined && !['owner', 'collaborator', 'member'].includes(role)) {
        return bitbucketError(400, `Invalid role: ${role}`);
      }
      const own = actor.account.login.toLowerCase();
      const slugs = workspacesOf(state, actor).filter(
        (slug) => role !== 'owner' || slug.toLowerCase() === own,
      );
      const { slice, envelope } = pageOf(slugs, page, api(), request);
      return { status: 200, body: envelope(slice.map((slug) => workspaceBody(state, slug))) };
    }),
  );

  app.get(
    '/user/permissions/workspaces',
    guard.guarded('GET /user/permissions/workspaces', (actor, request) => {
      const page = readPage(request.query);
      if (!isPageRequest(page)) return page;
      const own = actor.account.login.toLowerCase();
      const { slice, envelope } = pageOf(workspacesOf(state, actor), page, api(), request);
      const values = slice.map((slug) => ({
        type: 'workspace_membership',
        permission: slug.toLowerCase() === own ? 'owner' : 'member',
        user: accountRef(actor.account, state),
        workspace: workspaceBody(state, slug),
      }));
      return { status: 200, body: envelope(values) };
    }),
  );
}
