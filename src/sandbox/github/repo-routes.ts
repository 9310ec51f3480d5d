import type { FastifyInstance } from 'fastify';
import type { ForgeReply } from '../forge-reply.js';
import { RepoExistsError } from '../git/repo-store.js';
import type { SandboxRepo } from '../git/types.js';
import { linkHeader, pageOf, pageRequest } from './pagination.js';
import { isCollaborator, permissionsAllow, type RepoCaller, repoRefusal } from './repo-access.js';
import type { OwnerView } from './repo-bodies.js';
import {
  type GitHubRepoContext,
  json,
  objectBody,
  queryOf,
  type RepoParams,
  validationFailed,
} from './repo-context.js';
import { githubError } from './responses.js';
import { GITHUB_REPO_RULES, type GitHubRule, hasAnyScope } from './rules.js';

const AFFILIATIONS = ['owner', 'collaborator', 'organization_member'] as const;
type Affiliation = (typeof AFFILIATIONS)[number];
const CREATION_FAILED = 'Repository creation failed.';

/** GitHub keeps `[A-Za-z0-9._-]` and turns every other run of characters into `-`; at most 100. */
export function normaliseRepoName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}

function nameProblem(name: string): string | null {
  if (name === '') return 'name is too short (minimum is 1 character)';
  if (name.length > 100) return 'name is too long (maximum is 100 characters)';
  if (name === '.' || name === '..') return 'name is a reserved word';
  return null;
}

function affiliationOf(caller: RepoCaller, repo: SandboxRepo): Affiliation | null {
  if (caller.kind !== 'token') return null;
  if (repo.ownerKind === 'user' && repo.owner.toLowerCase() === caller.account.login.toLowerCase())
    return 'owner';
  if (!isCollaborator(caller, repo)) return null;
  return repo.ownerKind === 'org' ? 'organization_member' : 'collaborator';
}

export function registerRepoRoutes(app: FastifyInstance, ctx: GitHubRepoContext): void {
  const { state } = ctx;

  // GET /user/repos (forges.md §1.8): the caller's repositories by affiliation and visibility,
  // sorted by full name, paginated. Classic tokens without `repo` see public ones only (§1.5).
  app.get('/user/repos', (request, reply) => {
    const rule = GITHUB_REPO_RULES['GET /user/repos'];
    return ctx.respond(request, reply, rule, (caller) => {
      const query = queryOf(request);
      const docs = rule.documentationUrl;
      if (
        typeof query.type === 'string' &&
        (query.affiliation !== undefined || query.visibility !== undefined)
      ) {
        return validationFailed(
          docs,
          [],
          'If you specify visibility or affiliation, you cannot specify type.',
        );
      }
      const affiliations = String(query.affiliation ?? AFFILIATIONS.join(','))
        .split(',')
        .map((value) => value.trim());
      if (affiliations.some((value) => !(AFFILIATIONS as readonly string[]).includes(value))) {
        return validationFailed(docs, [{ resource: 'Repository', field: 'affiliation', code: 'invalid' }]);
      }
      const visibility = String(query.visibility ?? 'all');
      if (!['all', 'public', 'private'].includes(visibility)) {
        return validationFailed(docs, [{ resource: 'Repository', field: 'visibility', code: 'invalid' }]);
      }
      const seesPrivate =
        caller.kind === 'token' &&
        (caller.record.kind !== 'classic' || hasAnyScope(caller.record.scopes, ['repo']));
      const repos = state.repos
        .list('github')
        .filter((repo) => {
          const affiliation = affiliationOf(caller, repo);
          if (affiliation === null || !affiliations.includes(affiliation)) return false;
          if (repo.private && !seesPrivate) return false;
          return visibility === 'all' || (visibility === 'private') === repo.private;
        })
        .sort((a, b) => a.fullName.toLowerCase().localeCompare(b.fullName.toLowerCase()));
      const page = pageRequest(query);
      const link = linkHeader(ctx.absoluteUrl(request), query, page, repos.length);
      const items = pageOf(repos, page).map((repo) => ctx.repoBody(caller, repo, false));
      return json(200, items, link ? { link } : {});
    });
  });

  app.get<{ Params: RepoParams }>('/repos/:owner/:repo', (request, reply) => {
    const rule = GITHUB_REPO_RULES['GET /repos/{owner}/{repo}'];
    return ctx.respond(request, reply, rule, (caller) => {
      const repo = state.repos.get('github', request.params.owner, request.params.repo);
      if (!repo) return githubError(404, 'Not Found', rule.documentationUrl);
      return repoRefusal(caller, repo, rule, 'read') ?? json(200, ctx.repoBody(caller, repo, true));
    });
  });

  const create = async (
    caller: RepoCaller,
    owner: OwnerView,
    rawBody: unknown,
    rule: GitHubRule,
  ): Promise<ForgeReply> => {
    const docs = rule.documentationUrl;
    if (caller.kind !== 'token') return githubError(401, 'Requires authentication', docs);
    const parsed = objectBody(rawBody);
    if (!parsed.ok) return parsed.reply;
    const body = parsed.body;
    const visibility = body.visibility;
    if (visibility !== undefined && visibility !== 'public' && visibility !== 'private') {
      return validationFailed(
        docs,
        [{ resource: 'Repository', field: 'visibility', code: 'invalid' }],
        CREATION_FAILED,
      );
    }
    const isPrivate = visibility === undefined ? body.private === true : visibility === 'private';
    // Scopes first: a classic token needs `repo` for a private repository, `public_repo` or `repo`
    // for a public one; a fine-grained one Administration: write (forges.md §1.5).
    const { record } = caller;
    const scopes = isPrivate ? ['repo'] : ['public_repo', 'repo'];
    if (record.kind === 'classic' && !hasAnyScope(record.scopes, scopes)) {
      // GitHub hides the endpoint from a token without the scope [obs: octokit/request.js#214].
      return githubError(404, 'Not Found', docs);
    }
    if (record.kind === 'fine-grained' && !permissionsAllow(record.permissions, rule.acceptedPermissions)) {
      return githubError(403, 'Resource not accessible by personal access token', docs);
    }
    if (typeof body.name !== 'string') {
      return validationFailed(
        docs,
        [{ resource: 'Repository', code: 'missing_field', field: 'name' }],
        CREATION_FAILED,
      );
    }
    const name = normaliseRepoName(body.name);
    const problem = nameProblem(name);
    if (problem) {
      return validationFailed(
        docs,
        [{ resource: 'Repository', code: 'custom', field: 'name', message: problem }],
        CREATION_FAILED,
      );
    }
    if (body.description !== undefined && body.description !== null && typeof body.description !== 'string') {
      return validationFailed(
        docs,
        [{ resource: 'Repository', code: 'invalid', field: 'description' }],
        CREATION_FAILED,
      );
    }
    try {
      const repo = await state.repos.create(
        {
          forge: 'github',
          owner: owner.login,
          ownerKind: owner.type === 'User' ? 'user' : 'org',
          name,
          creatorLogin: caller.account.login,
          private: isPrivate,
          description: typeof body.description === 'string' ? body.description : '',
          defaultBranch: 'main',
          initialize: body.auto_init === true,
        },
        ctx.nowMs(),
      );
      const location = `${ctx.urls.github.api}/repos/${repo.fullName}`;
      return json(201, ctx.repoBody(caller, repo, true), { location });
    } catch (error) {
      if (!(error instanceof RepoExistsError)) throw error;
      // forges.md §1.8 / GitHub: 422 with the errors array naming the taken name.
      return validationFailed(
        docs,
        [
          {
            resource: 'Repository',
            code: 'custom',
            field: 'name',
            message: 'name already exists on this account',
          },
        ],
        CREATION_FAILED,
      );
    }
  };

  app.post('/user/repos', (request, reply) => {
    const rule = GITHUB_REPO_RULES['POST /user/repos'];
    return ctx.respond(request, reply, rule, (caller) =>
      caller.kind === 'token'
        ? create(
            caller,
            { login: caller.account.login, id: caller.account.id, type: 'User' },
            request.body,
            rule,
          )
        : githubError(401, 'Requires authentication', rule.documentationUrl),
    );
  });

  app.post<{ Params: { org: string } }>('/orgs/:org/repos', (request, reply) => {
    const rule = GITHUB_REPO_RULES['POST /orgs/{org}/repos'];
    return ctx.respond(request, reply, rule, (caller) => {
      const org = ctx.orgOwner(request.params.org);
      // `/orgs/{user}` is not an organisation: 404, as GitHub answers.
      if (!org) return githubError(404, 'Not Found', rule.documentationUrl);
      return create(caller, org, request.body, rule);
    });
  });
}
