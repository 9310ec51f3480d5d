import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ForgeReply } from '../forge-reply.js';
import { isValidBranchName } from '../git/git-names.js';
import { RepoExistsError } from '../git/repo-store.js';
import type { SandboxRepo } from '../git/types.js';
import type { SandboxState } from '../state.js';
import { canWrite, isCollaborator, isMember, visibleRepo, workspaceExists } from './access.js';
import type { BitbucketActor, BitbucketGuard } from './caller.js';
import { createEmptinessCheck } from './emptiness.js';
import { isPageRequest, pageOf, readPage } from './pagination.js';
import { branchBody, repoBody } from './repo-bodies.js';
import { bitbucketError } from './responses.js';

/*
 * Repositories and branches (forges.md §3.8; swagger `/repositories/{workspace}…`, `refs/branches`).
 */

export const repoParams = z.object({ workspace: z.string(), slug: z.string() });

/** Bitbucket's 404 for a repository that is absent or private to the caller (both look the same). */
export function repoNotFound(): ForgeReply {
  return bitbucketError(
    404,
    'You may not have access to this repository or it no longer exists in this workspace. If you think this repository exists and you have access, make sure you are authenticated.',
  );
}

/** The repository of `:workspace/:slug` if the actor may see it, else the 404 to send. */
export function findRepo(
  state: SandboxState,
  actor: BitbucketActor,
  request: FastifyRequest,
): SandboxRepo | ForgeReply {
  const params = repoParams.safeParse(request.params);
  if (!params.success) return repoNotFound();
  return visibleRepo(state, actor, params.data.workspace, params.data.slug) ?? repoNotFound();
}

export function isRepo(value: SandboxRepo | ForgeReply): value is SandboxRepo {
  return 'gitDir' in value;
}

/** Refused writes to a repository the actor can read (swagger: 403 "does not have write or admin access"). */
export function forbidden(): ForgeReply {
  return bitbucketError(403, 'Forbidden');
}

/** Repository slugs: letters, digits, `-`, `_`, `.`; Bitbucket stores them lower-case. */
const SLUG = /^[A-Za-z0-9_.-]{1,62}$/;
const ROLES = ['member', 'contributor', 'admin', 'owner'] as const;

const createBody = z
  .looseObject({
    scm: z.string().optional(),
    is_private: z.boolean().optional(),
    description: z.string().max(10_000).optional(),
    project: z.looseObject({ key: z.string().min(1) }).optional(),
    mainbranch: z.looseObject({ name: z.string().min(1) }).optional(),
  })
  .optional();

const createBranchBody = z.looseObject({
  name: z.string(),
  target: z.looseObject({ hash: z.string() }),
});

export function registerRepoRoutes(app: FastifyInstance, state: SandboxState, guard: BitbucketGuard): void {
  const api = () => state.requireUrls().bitbucket.api;
  const isEmpty = createEmptinessCheck(state);
  const body = async (repo: SandboxRepo) => repoBody(state, repo, await isEmpty(repo));

  app.get(
    '/repositories/:workspace',
    guard.guarded('GET /repositories/{workspace}', async (actor, request) => {
      const { workspace } = z.object({ workspace: z.string() }).parse(request.params);
      const query = z.looseObject({ role: z.string().optional() }).parse(request.query ?? {});
      const page = readPage(request.query);
      if (!isPageRequest(page)) return page;
      if (query.role !== undefined && !ROLES.some((role) => role === query.role)) {
        return bitbucketError(400, `Invalid role: ${query.role}`);
      }
      if (!workspaceExists(state, workspace))
        return bitbucketError(404, `No workspace with identifier '${workspace}'.`);
      const ownsWorkspace = workspace.toLowerCase() === actor.account.login.toLowerCase();
      const repos = state.repos
        .list('bitbucket')
        .filter((repo) => repo.owner.toLowerCase() === workspace.toLowerCase())
        .filter((repo) => {
          const explicit = ownsWorkspace || isCollaborator(repo, actor.account.login);
          if (query.role === undefined) return !repo.private || explicit;
          // `owner`: repositories owned by the current user; the others need explicit access (swagger).
          return query.role === 'owner' ? ownsWorkspace : explicit;
        });
      const { slice, envelope } = pageOf(repos, page, api(), request);
      return { status: 200, body: envelope(await Promise.all(slice.map(body))) };
    }),
  );

  app.get(
    '/repositories/:workspace/:slug',
    guard.guarded('GET /repositories/{workspace}/{repo_slug}', async (actor, request) => {
      const repo = findRepo(state, actor, request);
      return isRepo(repo) ? { status: 200, body: await body(repo) } : repo;
    }),
  );

  app.post(
    '/repositories/:workspace/:slug',
    guard.guarded('POST /repositories/{workspace}/{repo_slug}', async (actor, request) => {
      const { workspace, slug } = repoParams.parse(request.params);
      const input = createBody.safeParse(request.body);
      if (!input.success)
        return bitbucketError(400, 'Bad request', { detail: 'Invalid repository document.' });
      const wanted = input.data ?? {};
      if (wanted.scm !== undefined && wanted.scm !== 'git') {
        return bitbucketError(400, `Invalid scm: ${wanted.scm}. Only git is supported.`);
      }
      if (!SLUG.test(slug) || slug === '.' || slug === '..') {
        return bitbucketError(400, 'Invalid slug', {
          detail: 'A slug may hold letters, numbers, dashes, underscores and periods.',
        });
      }
      // §3.5: "+ project read if placing in a project".
      if (wanted.project) {
        const lacking = guard.requireScopes(actor, ['read:project:bitbucket'], ['project']);
        if (lacking) return lacking;
      }
      // Swagger: 400 "if the caller lacks the privilege to create repositories under the targeted account".
      if (!isMember(state, actor, workspace)) {
        return bitbucketError(
          400,
          `You do not have permission to create repositories in workspace ${workspace}.`,
        );
      }
      const branch = wanted.mainbranch?.name ?? 'main';
      if (!isValidBranchName(branch)) return bitbucketError(400, `Invalid main branch name: ${branch}`);
      const own = workspace.toLowerCase() === actor.account.login.toLowerCase();
      try {
        const repo = await state.repos.create(
          {
            forge: 'bitbucket',
            owner: own ? actor.account.login : workspace,
            ownerKind: own ? 'user' : 'org',
            name: slug.toLowerCase(),
            creatorLogin: actor.account.login,
            private: wanted.is_private ?? true,
            description: wanted.description ?? '',
            defaultBranch: branch,
            initialize: false,
            projectKey: wanted.project?.key ?? null,
          },
          state.clock.nowMs(),
        );
        return { status: 200, body: await body(repo) };
      } catch (error) {
        if (error instanceof RepoExistsError) {
          return bitbucketError(400, 'Repository with this Slug and Owner already exists.');
        }
        throw error;
      }
    }),
  );

  app.get(
    '/repositories/:workspace/:slug/refs/branches',
    guard.guarded('GET /repositories/{workspace}/{repo_slug}/refs/branches', async (actor, request) => {
      const repo = findRepo(state, actor, request);
      if (!isRepo(repo)) return repo;
      const page = readPage(request.query);
      if (!isPageRequest(page)) return page;
      const branches = await state.repos.branches(repo);
      const { slice, envelope } = pageOf(branches, page, api(), request);
      return { status: 200, body: envelope(slice.map((branch) => branchBody(state, repo, branch))) };
    }),
  );

  app.get(
    '/repositories/:workspace/:slug/refs/branches/*',
    guard.guarded(
      'GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}',
      async (actor, request) => {
        const repo = findRepo(state, actor, request);
        if (!isRepo(repo)) return repo;
        const { '*': name } = z.object({ '*': z.string() }).parse(request.params);
        const sha = await state.repos.resolveBranch(repo, name);
        if (sha === null) return bitbucketError(404, `Branch "${name}" does not exist.`);
        return { status: 200, body: branchBody(state, repo, { name, sha }) };
      },
    ),
  );

  app.post(
    '/repositories/:workspace/:slug/refs/branches',
    guard.guarded('POST /repositories/{workspace}/{repo_slug}/refs/branches', async (actor, request) => {
      const repo = findRepo(state, actor, request);
      if (!isRepo(repo)) return repo;
      if (!canWrite(actor, repo)) return forbidden();
      const input = createBranchBody.safeParse(request.body);
      if (!input.success)
        return bitbucketError(400, 'Bad request', { detail: 'name and target.hash are required.' });
      const { name, target } = input.data;
      if (!isValidBranchName(name) || name.startsWith('refs/')) {
        return bitbucketError(400, `Invalid branch name: ${name}`);
      }
      const commit = /^[0-9a-f]{40}$/.test(target.hash)
        ? await state.repos.readCommit(repo, target.hash)
        : null;
      if (commit === null) return bitbucketError(400, `Commit ${target.hash} not found.`);
      const update = await state.repos.updateBranch(repo, name, commit.sha, {
        expectedOld: null,
        pusherLogin: actor.account.login,
      });
      if (update !== 'ok') return bitbucketError(400, `Branch "${name}" already exists.`);
      return { status: 201, body: branchBody(state, repo, { name, sha: commit.sha }) };
    }),
  );
}
