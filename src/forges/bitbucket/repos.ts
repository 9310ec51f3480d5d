import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { HttpPipeline } from '../http/types.js';
import type {
  Branch,
  CreateRepoInput,
  Page,
  RepoAuth,
  RepoClient,
  RepoRef,
  Repository,
  WebhookEvent,
} from '../repo-types.js';
import { capOf, decodeCursor } from './paging.js';
import { type BitbucketCaller, createBitbucketCaller } from './repo-call.js';
import { commitFiles } from './repo-commit.js';
import { collectPages, firstPagelen } from './repo-list.js';
import { EVENT_KEYS, toPullRequest, toRepository, toWebhook } from './repo-map.js';
import {
  bitbucketBranchSchema,
  bitbucketPullRequestSchema,
  bitbucketRepositorySchema,
  bitbucketWebhookSchema,
  bitbucketWorkspaceMembershipSchema,
} from './repo-schemas.js';
import { bitbucketUserSchema } from './schemas.js';

export interface BitbucketRepoDeps {
  http: HttpPipeline;
  /** `https://api.bitbucket.org/2.0`, no trailing slash. */
  apiUrl: string;
  /** `https://bitbucket.org` (the definition's webUrl of apiUrl). */
  webUrl: string;
}

const enc = encodeURIComponent;

/**
 * Repository operations on Bitbucket Cloud with one token (forges.md §3.5, §3.8). Listing covers
 * every workspace the token's user belongs to (`GET /user/permissions/workspaces`, then each
 * workspace's `GET /repositories/{ws}?role=member`), so it needs `read:workspace:bitbucket` besides
 * `read:repository:bitbucket` (§3.5 "+ read:workspace:bitbucket to list workspaces").
 */
export function createBitbucketRepoClient(deps: BitbucketRepoDeps, auth: RepoAuth): RepoClient {
  const caller = createBitbucketCaller(deps.http, auth);
  const { apiUrl, webUrl } = deps;
  const repoApi = (ref: RepoRef) => `${apiUrl}/repositories/${enc(ref.owner)}/${enc(ref.name)}`;
  const repoWeb = (ref: RepoRef) => `${webUrl}/${enc(ref.owner)}/${enc(ref.name)}`;

  async function getRepo(ref: RepoRef): Promise<Result<Repository, FkError>> {
    const response = await caller.send({ method: 'GET', url: repoApi(ref), operation: 'read' });
    if (!response.ok) return response;
    const repo = caller.parse(response.value, bitbucketRepositorySchema);
    return repo.ok ? ok(toRepository(repo.value, webUrl)) : repo;
  }

  async function workspaces(): Promise<Result<string[], FkError>> {
    const all = await collectPages(
      caller,
      apiUrl,
      `${apiUrl}/user/permissions/workspaces?pagelen=100`,
      Number.MAX_SAFE_INTEGER,
      bitbucketWorkspaceMembershipSchema,
      (membership) => membership,
    );
    if (!all.ok) return all;
    // The personal workspace (owner) first, then the others in the forge's order.
    const owned = all.value.items.filter((membership) => membership.permission === 'owner');
    const others = all.value.items.filter((membership) => membership.permission !== 'owner');
    return ok([...owned, ...others].map((membership) => membership.workspace.slug));
  }

  async function listRepos(
    input: { cap?: number; cursor?: string } = {},
  ): Promise<Result<Page<Repository>, FkError>> {
    const cap = capOf(input.cap);
    if (!cap.ok) return cap;
    const slugs = await workspaces();
    if (!slugs.ok) {
      if (auth.kind !== 'access_token' || slugs.error.code !== 'insufficient_scope') return slugs;
      // Access tokens are not users (§3.1, §3.4): they have no workspaces to list.
      return err(
        fkError('resource_not_accessible', {
          message:
            'A Bitbucket access token belongs to one repository, project or workspace and cannot list workspaces.',
          remediation:
            'Name the repository (getRepo, listBranches), or use an API token with read:workspace:bitbucket.',
          details: slugs.error.details,
        }),
      );
    }
    const firstUrl = (slug: string, room = cap.value) =>
      `${apiUrl}/repositories/${enc(slug)}?role=member&pagelen=${firstPagelen(room)}`;
    // `{api}/repositories/{ws}?…` → `ws` ('' for anything else: the listing then ends).
    const workspaceOf = (url: string) => {
      try {
        const path = new URL(url).pathname.slice(new URL(apiUrl).pathname.replace(/\/+$/, '').length);
        return decodeURIComponent(path.split('/')[2] ?? '');
      } catch {
        return '';
      }
    };
    // After a workspace's last page, the first page of the next one (first pages are ours to build).
    const nextCollection = (finished: string, room: number) => {
      const at = slugs.value.findIndex((slug) => slug.toLowerCase() === workspaceOf(finished).toLowerCase());
      const next = at < 0 ? undefined : slugs.value[at + 1];
      return next === undefined ? null : firstUrl(next, room);
    };
    let start: string;
    if (input.cursor !== undefined) {
      const decoded = decodeCursor(input.cursor, apiUrl);
      if (!decoded.ok) return decoded;
      start = decoded.value;
    } else {
      const first = slugs.value[0];
      if (first === undefined) return ok({ items: [], nextCursor: null });
      start = firstUrl(first);
    }
    return collectPages(
      caller,
      apiUrl,
      start,
      cap.value,
      bitbucketRepositorySchema,
      (repo) => toRepository(repo, webUrl),
      nextCollection,
    );
  }

  async function listBranches(
    ref: RepoRef,
    input: { cap?: number; cursor?: string } = {},
  ): Promise<Result<Page<Branch>, FkError>> {
    const cap = capOf(input.cap);
    if (!cap.ok) return cap;
    // The repository names its main branch; branches do not say which one is the default.
    const repo = await getRepo(ref);
    if (!repo.ok) return repo;
    let start = `${repoApi(ref)}/refs/branches?pagelen=${firstPagelen(cap.value)}`;
    if (input.cursor !== undefined) {
      const decoded = decodeCursor(input.cursor, apiUrl);
      if (!decoded.ok) return decoded;
      start = decoded.value;
    }
    // Branch restrictions need admin scopes to read (UNCERTAIN which); `protected` is not known here.
    return collectPages(caller, apiUrl, start, cap.value, bitbucketBranchSchema, (branch) => ({
      name: branch.name,
      sha: branch.target.hash,
      protected: false,
      isDefault: branch.name === repo.value.defaultBranch,
    }));
  }

  return {
    listRepos,
    getRepo,
    createRepo: (input) => createRepo(caller, deps, input),
    listBranches,
    commitFiles: (input) =>
      commitFiles(caller, { repoApiUrl: repoApi(input.repo), repoWebUrl: repoWeb(input.repo) }, input),
    async openPullRequest(input) {
      const response = await caller.send({
        method: 'POST',
        url: `${repoApi(input.repo)}/pullrequests`,
        operation: 'pullRequest',
        json: {
          title: input.title,
          description: input.body ?? '',
          source: { branch: { name: input.head } },
          destination: { branch: { name: input.base } },
          close_source_branch: false,
          ...(input.draft ? { draft: true } : {}),
        },
      });
      if (!response.ok) return response;
      const pull = caller.parse(response.value, bitbucketPullRequestSchema);
      return pull.ok ? ok(toPullRequest(pull.value, `${repoWeb(input.repo)}/pull-requests`)) : pull;
    },
    async createWebhook(input) {
      const wanted: readonly WebhookEvent[] = input.events ?? ['push', 'pull_request'];
      const events = [...new Set(wanted)].map((event) => EVENT_KEYS[event]);
      const response = await caller.send({
        method: 'POST',
        url: `${repoApi(input.repo)}/hooks`,
        operation: 'webhook',
        json: {
          description: 'Forgekeeper',
          url: input.url,
          active: true,
          events,
          ...(input.secret ? { secret: input.secret } : {}),
        },
      });
      if (!response.ok) return response;
      const hook = caller.parse(response.value, bitbucketWebhookSchema);
      return hook.ok ? ok(toWebhook(hook.value)) : hook;
    },
  };
}

/**
 * `POST /repositories/{ws}/{slug}` (§3.8). No owner → the user's personal workspace (their
 * username, from `GET /user`). `initialize`: Bitbucket's API makes no README, so the adapter commits
 * one through `/src` (which needs write scopes besides `admin:repository:bitbucket`).
 */
async function createRepo(
  caller: BitbucketCaller,
  deps: BitbucketRepoDeps,
  input: CreateRepoInput,
): Promise<Result<Repository, FkError>> {
  const owner = input.owner ?? (await personalWorkspace(caller, deps.apiUrl));
  if (typeof owner !== 'string') return owner;
  const url = `${deps.apiUrl}/repositories/${enc(owner)}/${enc(input.name)}`;
  const response = await caller.send({
    method: 'POST',
    url,
    operation: 'createRepo',
    json: {
      scm: 'git',
      is_private: input.private ?? true,
      ...(input.description ? { description: input.description } : {}),
      ...(input.project ? { project: { key: input.project } } : {}),
      ...(input.defaultBranch ? { mainbranch: { name: input.defaultBranch } } : {}),
    },
  });
  if (!response.ok) return response;
  const parsed = caller.parse(response.value, bitbucketRepositorySchema);
  if (!parsed.ok) return parsed;
  const repo = toRepository(parsed.value, deps.webUrl);
  if (!input.initialize) return ok(repo);
  const branch = input.defaultBranch ?? repo.defaultBranch ?? 'main';
  const readme = `# ${repo.name}\n${input.description ? `\n${input.description}\n` : ''}`;
  const committed = await commitFiles(
    caller,
    { repoApiUrl: url, repoWebUrl: repo.webUrl },
    {
      repo: { owner: repo.owner, name: repo.name },
      branch,
      message: 'Initial commit',
      changes: [{ action: 'put', path: 'README.md', content: new TextEncoder().encode(readme) }],
    },
  );
  if (!committed.ok) return committed;
  return ok({ ...repo, defaultBranch: branch });
}

/** The token user's personal workspace: its username (`GET /user`, needs `read:user:bitbucket`). */
async function personalWorkspace(
  caller: BitbucketCaller,
  apiUrl: string,
): Promise<string | Result<never, FkError>> {
  const response = await caller.send({ method: 'GET', url: `${apiUrl}/user`, operation: 'read' });
  if (!response.ok) {
    if (response.error.code !== 'insufficient_scope') return response;
    return err(
      fkError('insufficient_scope', {
        message:
          'Bitbucket does not say whose workspace to create the repository in: the token lacks read:user:bitbucket.',
        remediation: 'Name the workspace (owner), or add read:user:bitbucket to the token.',
        details: response.error.details,
      }),
    );
  }
  const user = caller.parse(response.value, bitbucketUserSchema);
  if (!user.ok) return user;
  const login = user.value.username ?? user.value.nickname;
  return (
    login ?? err(fkError('forge_unreachable', { message: 'Bitbucket did not name the user (no username).' }))
  );
}
