import type { FastifyReply, FastifyRequest } from 'fastify';
import { crc32 } from '../crc32.js';
import { type ForgeReply, sendForgeReply } from '../forge-reply.js';
import { GitInputError } from '../git/repo-store.js';
import type { SandboxRepo } from '../git/types.js';
import type { SandboxState } from '../state.js';
import { API_PREFIXES } from '../types.js';
import type { GitHubCallers } from './caller.js';
import { canSee, type RepoCaller, rolePermissions } from './repo-access.js';
import { fullRepositoryBody, type OwnerView, repositoryBody } from './repo-bodies.js';
import { githubError, ipLimitMessage, primaryLimitExceeded, rateLimitHeaders } from './responses.js';
import type { GitHubRule } from './rules.js';

/** Route parameters of `/repos/{owner}/{repo}/…`. */
export interface RepoParams {
  owner: string;
  repo: string;
}

export type Handler = (caller: RepoCaller) => Promise<ForgeReply> | ForgeReply;

/**
 * What the GitHub repository routes share, one per sandbox (no module-level state): the caller
 * helpers, the one way to answer (identify → budget → handler, with the token headers), the
 * organisations seen so far, when each repository was last pushed, and forge-wide id counters.
 */
export class GitHubRepoContext {
  /** Organisation logins (lower case) → login as first written; made on first use (see `orgOwner`). */
  readonly #orgs = new Map<string, string>();
  readonly #pushedAt = new Map<number, number>();
  #nextPullId = 1;
  #nextHookId = 1;

  constructor(
    readonly state: SandboxState,
    readonly callers: GitHubCallers,
  ) {
    state.onReset.add(() => {
      this.#orgs.clear();
      this.#pushedAt.clear();
      this.#nextPullId = 1;
      this.#nextHookId = 1;
    });
  }

  get urls() {
    return this.state.requireUrls();
  }

  nowMs(): number {
    return this.state.clock.nowMs();
  }

  pushed(repo: SandboxRepo, atMs: number): void {
    this.#pushedAt.set(repo.id, atMs);
  }

  nextPullId(): number {
    return this.#nextPullId++;
  }

  nextHookId(): number {
    return this.#nextHookId++;
  }

  /**
   * An organisation. The sandbox has no organisation accounts: a name that is not a user login is
   * an organisation, which exists from its first repository on, and any authenticated user may
   * create repositories in it (membership is not modelled).
   */
  orgOwner(login: string): OwnerView | null {
    if (this.state.accounts.get('github', login)) return null;
    const known = this.#orgs.get(login.toLowerCase());
    if (!known) this.#orgs.set(login.toLowerCase(), login);
    return {
      login: known ?? login,
      id: 90_000_000 + (crc32(`org:${login.toLowerCase()}`) % 9_000_000),
      type: 'Organization',
    };
  }

  ownerOf(repo: SandboxRepo): OwnerView {
    if (repo.ownerKind === 'org')
      return this.orgOwner(repo.owner) ?? { login: repo.owner, id: 0, type: 'Organization' };
    const account = this.state.accounts.get('github', repo.owner);
    return { login: account?.login ?? repo.owner, id: account?.id ?? 0, type: 'User' };
  }

  /** A repository the caller may see, or undefined (GitHub answers 404 for both). */
  visibleRepo(caller: RepoCaller, params: RepoParams): SandboxRepo | undefined {
    const repo = this.state.repos.get('github', params.owner, params.repo);
    return repo && canSee(caller, repo) ? repo : undefined;
  }

  repoBody(caller: RepoCaller, repo: SandboxRepo, full: boolean): Record<string, unknown> {
    const input = {
      repo,
      owner: this.ownerOf(repo),
      urls: this.urls,
      pushedAtMs: this.#pushedAt.get(repo.id) ?? null,
      ...(caller.kind === 'token' ? { permissions: rolePermissions(caller, repo) } : {}),
    };
    return full ? fullRepositoryBody(input) : repositoryBody(input);
  }

  /** The absolute URL of a request's path on the sandbox's GitHub API, without the query (for `Link`). */
  absoluteUrl(request: FastifyRequest): string {
    const path = request.url.split('?')[0] ?? '';
    return `${this.urls.github.api}${path.slice(API_PREFIXES.github.length)}`;
  }

  /**
   * Identify the caller, spend its budget, run the handler, and send its answer with the token's
   * headers (forges.md §1.3) and the budget's (§1.7). A `GitInputError` from the store is GitHub's
   * 422 with the store's plain message.
   */
  async respond(request: FastifyRequest, reply: FastifyReply, rule: GitHubRule, handler: Handler) {
    const caller = this.callers.identify(request, rule);
    if (caller.kind === 'refused') return sendForgeReply(reply, caller.answer);
    const tokenHeaders = caller.kind === 'token' ? this.callers.tokenHeaders(caller.record, rule) : {};
    const spent = this.callers.budget(caller, request, rule.countsAgainstLimit);
    const headers = { ...tokenHeaders, ...rateLimitHeaders(spent.state) };
    if (!spent.allowed) {
      const who = caller.kind === 'token' ? `user ID ${caller.account.id}` : ipLimitMessage(request.ip);
      return sendForgeReply(
        reply,
        primaryLimitExceeded(this.state.config.github.rateLimitStatus, who, headers),
      );
    }
    let answer: ForgeReply;
    try {
      answer = await handler(caller);
    } catch (error) {
      if (!(error instanceof GitInputError)) throw error;
      answer = githubError(422, error.message, rule.documentationUrl);
    }
    return sendForgeReply(reply, { ...answer, headers: { ...headers, ...answer.headers } });
  }
}

/** `422 Validation Failed` with GitHub's `errors` array (forges.md §1.4). */
export function validationFailed(
  documentationUrl: string,
  errors: Record<string, unknown>[],
  message = 'Validation Failed',
): ForgeReply {
  const reply = githubError(422, message, documentationUrl);
  return { ...reply, body: { message, errors, documentation_url: documentationUrl, status: '422' } };
}

/** Every Git Data call on a repository without commits (forges.md §1.4, §1.8). */
export function emptyRepository(documentationUrl: string): ForgeReply {
  return githubError(409, 'Git Repository is empty.', documentationUrl);
}

/** A JSON request body as an object, or GitHub's 400 for anything else (forges.md §1.4). */
export function objectBody(
  body: unknown,
): { ok: true; body: Record<string, unknown> } | { ok: false; reply: ForgeReply } {
  if (body === undefined) return { ok: true, body: {} };
  const record = recordOf(body);
  if (!record) return { ok: false, reply: githubError(400, 'Body should be a JSON object') };
  return { ok: true, body: record };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): ForgeReply {
  return { status, body, headers };
}

/** A JSON object as a record of unknowns, or null for anything else. */
export function recordOf(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return Object.fromEntries(Object.entries(value));
}

/** A request's query string as a record (Fastify parses it into an object). */
export function queryOf(request: FastifyRequest): Record<string, unknown> {
  return recordOf(request.query) ?? {};
}
