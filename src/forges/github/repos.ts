import type { z } from 'zod';
import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { HttpPipeline } from '../http/types.js';
import type {
  Branch,
  ListInput,
  Page,
  PullRequest,
  RepoAuth,
  RepoClient,
  Repository,
  Webhook,
  WebhookEvent,
} from '../repo-types.js';
import { createGitHubApi, encodePath, type GitHubApi, isSuccess, repoPath } from './api.js';
import { commitGitHubFiles } from './commit-files.js';
import { capOf, decodeCursor, encodeCursor, nextLink, type PagePosition, perPageFor } from './paginate.js';
import {
  gitHubBranchListSchema,
  gitHubBranchSchema,
  gitHubHookSchema,
  gitHubPullSchema,
  gitHubRepoListSchema,
  gitHubRepoSchema,
  gitHubUserSchema,
} from './schemas.js';

export interface GitHubRepoClientDeps {
  http: HttpPipeline;
  apiUrl: string;
  /** The web UI base of this API (`gitHubWebUrl`), for links the forge does not give. */
  webUrl: string;
  auth: RepoAuth;
}

type RepoJson = z.output<typeof gitHubRepoSchema>;

function toRepository(repo: RepoJson): Repository {
  return {
    id: String(repo.id),
    owner: repo.owner.login,
    name: repo.name,
    fullName: repo.full_name,
    private: repo.private,
    description: repo.description ?? null,
    defaultBranch: repo.default_branch ?? null,
    webUrl: repo.html_url,
    cloneUrl: repo.clone_url,
  };
}

/**
 * Follows GitHub's `Link: rel="next"` from `first` (or from a cursor) until `cap` items are in hand
 * (forges.md §1.8), and answers the items with a cursor for the rest.
 */
async function collect<S extends z.ZodType<unknown[]>>(
  api: GitHubApi,
  first: (perPage: number) => string,
  schema: S,
  input: ListInput,
): Promise<Result<Page<z.output<S>[number]>, FkError>> {
  const cap = capOf(input.cap);
  if (!cap.ok) return cap;
  let position: PagePosition | null;
  if (input.cursor !== undefined) {
    const decoded = decodeCursor(input.cursor, api.apiUrl);
    if (!decoded.ok) return decoded;
    position = decoded.value;
  } else {
    position = { url: first(perPageFor(cap.value)), skip: 0 };
  }
  const items: z.output<S>[number][] = [];
  while (position !== null) {
    const outcome = await api.send('GET', position.url);
    if (!isSuccess(outcome)) return err(api.failure(outcome));
    const page = api.parse(outcome.response, schema);
    if (!page.ok) return page;
    const fresh = page.value.slice(position.skip);
    const room = cap.value - items.length;
    const next = nextLink(outcome.response.headers);
    if (fresh.length > room) {
      items.push(...fresh.slice(0, room));
      return ok({ items, nextCursor: encodeCursor({ url: position.url, skip: position.skip + room }) });
    }
    items.push(...fresh);
    position = next === null ? null : { url: next, skip: 0 };
    if (items.length === cap.value) break;
  }
  return ok({ items, nextCursor: position === null ? null : encodeCursor(position) });
}

const ALL_EVENTS: readonly WebhookEvent[] = ['push', 'pull_request'];

/** A `RepoClient` for one token on one GitHub API base (forges.md §1.5, §1.8). */
export function createGitHubRepoClient(deps: GitHubRepoClientDeps): RepoClient {
  const api = createGitHubApi(deps.http, deps.apiUrl, deps.auth);

  const getRepo: RepoClient['getRepo'] = async (repo) => {
    const answer = await api.json('GET', api.url(repoPath(repo)), gitHubRepoSchema);
    return answer.ok ? ok(toRepository(answer.value)) : answer;
  };

  return {
    async listRepos(input = {}) {
      const query = (perPage: number) =>
        `/user/repos?per_page=${perPage}&affiliation=owner,collaborator,organization_member&visibility=all&sort=full_name`;
      const page = await collect(api, (perPage) => api.url(query(perPage)), gitHubRepoListSchema, input);
      return page.ok
        ? ok({ items: page.value.items.map(toRepository), nextCursor: page.value.nextCursor })
        : page;
    },

    getRepo,

    async createRepo(input) {
      const body = {
        name: input.name,
        private: input.private ?? true,
        auto_init: input.initialize ?? false,
        ...(input.description === undefined ? {} : { description: input.description }),
      };
      const path =
        input.owner === undefined ? '/user/repos' : `/orgs/${encodeURIComponent(input.owner)}/repos`;
      let answer = await api.json('POST', api.url(path), gitHubRepoSchema, body);
      // `/orgs/{login}` of a user is a 404: the caller named their own account as the owner.
      if (!answer.ok && answer.error.code === 'not_found' && input.owner !== undefined) {
        const me = await api.json('GET', api.url('/user'), gitHubUserSchema);
        if (me.ok && me.value.login.toLowerCase() === input.owner.toLowerCase()) {
          answer = await api.json('POST', api.url('/user/repos'), gitHubRepoSchema, body);
        }
      }
      if (!answer.ok) return answer;
      const created = toRepository(answer.value);
      // GitHub takes no default branch at creation: an initialised repository gets the account's
      // default name, which a rename then changes (the default moves with it). An empty one takes
      // the first branch committed or pushed (docs/repos.md).
      const wanted = input.defaultBranch;
      if (input.initialize !== true || wanted === undefined || wanted === created.defaultBranch)
        return ok(created);
      const from = created.defaultBranch ?? 'main';
      const renamed = await api.json(
        'POST',
        api.url(`${repoPath(created)}/branches/${encodeURIComponent(from)}/rename`),
        gitHubBranchSchema,
        { new_name: wanted },
      );
      return renamed.ok ? ok({ ...created, defaultBranch: renamed.value.name }) : renamed;
    },

    async listBranches(repo, input = {}) {
      // The branch list does not say which one is the default: the repository does.
      const about = await getRepo(repo);
      if (!about.ok) return about;
      const first = (perPage: number) => api.url(`${repoPath(repo)}/branches?per_page=${perPage}`);
      const page = await collect(api, first, gitHubBranchListSchema, input);
      if (!page.ok) return page;
      const items: Branch[] = page.value.items.map((branch) => ({
        name: branch.name,
        sha: branch.commit.sha,
        protected: branch.protected ?? false,
        isDefault: branch.name === about.value.defaultBranch,
      }));
      return ok({ items, nextCursor: page.value.nextCursor });
    },

    commitFiles: (input) => commitGitHubFiles(api, deps.webUrl, input),

    async openPullRequest(input) {
      const body = {
        title: input.title,
        head: input.head,
        base: input.base,
        ...(input.body === undefined ? {} : { body: input.body }),
        ...(input.draft === undefined ? {} : { draft: input.draft }),
      };
      const answer = await api.json('POST', api.url(`${repoPath(input.repo)}/pulls`), gitHubPullSchema, body);
      if (!answer.ok) return answer;
      const pull = answer.value;
      const state: PullRequest['state'] = pull.merged ? 'merged' : pull.state === 'open' ? 'open' : 'closed';
      return ok({
        number: pull.number,
        title: pull.title,
        head: pull.head.ref,
        base: pull.base.ref,
        state,
        webUrl: pull.html_url,
      });
    },

    async createWebhook(input) {
      const events = [...(input.events ?? ALL_EVENTS)];
      const body = {
        name: 'web',
        active: true,
        events,
        config: {
          url: input.url,
          content_type: 'json',
          insecure_ssl: '0',
          ...(input.secret === undefined ? {} : { secret: input.secret }),
        },
      };
      const answer = await api.json('POST', api.url(`${repoPath(input.repo)}/hooks`), gitHubHookSchema, body);
      if (!answer.ok) return answer;
      const hook = answer.value;
      const known = hook.events.filter((event): event is WebhookEvent =>
        (ALL_EVENTS as readonly string[]).includes(event),
      );
      const webhook: Webhook = {
        id: String(hook.id),
        url: hook.config.url ?? input.url,
        events: known,
        active: hook.active,
      };
      return ok(webhook);
    },
  };
}

export { encodePath };
