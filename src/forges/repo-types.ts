import type { FkError } from '../domain/errors/error.js';
import type { Result } from '../domain/result.js';
import type { Secret } from '../domain/secret.js';
import type { TokenKind } from '../domain/token-kind.js';

/**
 * Repository operations, one interface for GitHub, GitLab and Bitbucket (forges.md §1.8, §2.8,
 * §3.8). An adapter hands out a `RepoClient` bound to one token; every method answers a Result whose
 * error is a catalogue `FkError` (translated in the forge's one error-translation function), never
 * throws, and never puts token text in an error.
 */

/** How a `RepoClient` authenticates: the token lent by `vault.withToken`, its kind, and for Bitbucket API tokens the Atlassian email. */
export interface RepoAuth {
  token: Secret;
  kind: TokenKind;
  email?: string;
  signal?: AbortSignal;
}

/**
 * A repository by its path. `owner` is the GitHub user or organisation, the GitLab namespace path
 * (may hold `/` for subgroups) or the Bitbucket workspace; `name` is the repository name / project
 * path / slug.
 */
export interface RepoRef {
  owner: string;
  name: string;
}

export interface Repository {
  /** The forge's own id, as a string (GitHub/GitLab numeric id, Bitbucket uuid with braces). */
  id: string;
  owner: string;
  name: string;
  /** `owner/name`. */
  fullName: string;
  private: boolean;
  description: string | null;
  /** null while the forge does not know one (an empty Bitbucket repository). */
  defaultBranch: string | null;
  /** The page of the repository on the forge's web UI. */
  webUrl: string;
  /** The HTTPS clone URL, without credentials. */
  cloneUrl: string;
}

/** One page of a list; `nextCursor` is opaque (it encodes the forge's own next link) or null at the end. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ListInput {
  /** At most this many items in this answer (default 100, at most 1,000); pages are followed until reached. */
  cap?: number;
  /** A `nextCursor` from an earlier answer. */
  cursor?: string;
}

export interface CreateRepoInput {
  /** Organisation / group path / workspace; absent = the token owner's own namespace (Bitbucket: their personal workspace). */
  owner?: string;
  name: string;
  /** Default true. */
  private?: boolean;
  description?: string;
  /** The default branch name (default `main`). */
  defaultBranch?: string;
  /** true: the forge makes an initial commit (README). Default false: empty. */
  initialize?: boolean;
  /** Bitbucket project key; ignored elsewhere. */
  project?: string;
}

export interface Branch {
  name: string;
  /** The commit sha the branch points at. */
  sha: string;
  protected: boolean;
  isDefault: boolean;
}

/** One file in a commit. `content` is bytes; the adapter sends text as text and anything else (NUL bytes, invalid UTF-8) as binary. */
export type FileChange =
  | { action: 'put'; path: string; content: Uint8Array; executable?: boolean }
  | { action: 'delete'; path: string };

export interface CommitInput {
  repo: RepoRef;
  /** The branch to commit to; created when it does not exist (from `baseBranch`, else the default branch). */
  branch: string;
  baseBranch?: string;
  /**
   * The head sha the caller built the change on. When given and the branch is elsewhere, fail with
   * `branch_moved` rather than overwrite. Either way the ref update itself is never forced.
   */
  expectedHead?: string;
  message: string;
  author?: { name: string; email: string };
  changes: readonly FileChange[];
}

export interface CommitResult {
  sha: string;
  branch: string;
  /** The branch did not exist before this commit; null when the forge does not say (Bitbucket's one-request commit). */
  branchCreated: boolean | null;
  webUrl: string;
}

export interface PullRequestInput {
  repo: RepoRef;
  title: string;
  /** Source branch. */
  head: string;
  /** Target branch. */
  base: string;
  body?: string;
  draft?: boolean;
}

export interface PullRequest {
  /** GitHub PR number, GitLab MR iid, Bitbucket PR id. */
  number: number;
  title: string;
  head: string;
  base: string;
  state: 'open' | 'closed' | 'merged';
  webUrl: string;
}

export type WebhookEvent = 'push' | 'pull_request';

export interface WebhookInput {
  repo: RepoRef;
  url: string;
  /** Signs deliveries (GitHub `X-Hub-Signature-256`, Bitbucket `X-Hub-Signature`) or is sent as `X-Gitlab-Token`. */
  secret?: string;
  /** Default both. */
  events?: readonly WebhookEvent[];
}

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
}

type R<T> = Promise<Result<T, FkError>>;

/** The operations one token can do on one forge. Made by `ForgeAdapter.repos(auth)`. */
export interface RepoClient {
  listRepos(input?: ListInput): R<Page<Repository>>;
  getRepo(repo: RepoRef): R<Repository>;
  /** A taken name answers `repo_exists`; the service turns that into reuse when asked. */
  createRepo(input: CreateRepoInput): R<Repository>;
  listBranches(repo: RepoRef, input?: ListInput): R<Page<Branch>>;
  /** One commit with every change, in as few requests as the forge allows; handles an empty repository. */
  commitFiles(input: CommitInput): R<CommitResult>;
  openPullRequest(input: PullRequestInput): R<PullRequest>;
  createWebhook(input: WebhookInput): R<Webhook>;
}

/** What git needs to reach a repository over HTTPS with this token (forges.md §1.9, §2.9, §3.x, cheat sheet). */
export interface GitTarget {
  /** HTTPS clone URL without credentials. */
  url: string;
  /** The username the forge expects beside the token for this token kind. */
  username: string;
}
