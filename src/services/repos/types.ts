import type { FkError } from '../../domain/errors/error.js';
import type { ForgeId } from '../../domain/forge.js';
import type { Result } from '../../domain/result.js';
import type {
  Branch,
  CommitResult,
  CreateRepoInput,
  ListInput,
  Page,
  PullRequest,
  PullRequestInput,
  RepoRef,
  Repository,
  Webhook,
  WebhookInput,
} from '../../forges/repo-types.js';
import type { ForgeAdapter } from '../../forges/types.js';
import type { TokenSelector, Vault } from '../vault/index.js';

/** Which stored token acts: a selector as the vault takes it, or a token id. */
export type TokenChoice = TokenSelector | string;

/** Makes the adapter for a token's forge and API URL (one per call: adapters hold no shared state). */
export type AdapterSource = (forge: ForgeId, apiUrl: string) => ForgeAdapter | Promise<ForgeAdapter>;

export interface RepoServiceDeps {
  vault: Pick<Vault, 'withToken' | 'show' | 'list'>;
  adapterFor: AdapterSource;
}

export interface CreateRepoRequest extends CreateRepoInput {
  /** `fail` (default): a taken name is `repo_exists`; `reuse`: answer the existing repository. */
  ifExists?: 'fail' | 'reuse';
}

export interface CreateRepoOutcome {
  repository: Repository;
  /** false when `ifExists: 'reuse'` found the name taken and answered the existing repository. */
  created: boolean;
}

export interface BranchPage extends Page<Branch> {
  /** The repository's default branch; null while it has none (an empty repository). */
  defaultBranch: string | null;
}

/** A file of a commit: its bytes, as they should be in the repository. */
export interface CommitFile {
  path: string;
  content: Uint8Array;
  executable?: boolean;
}

export interface CommitRequest {
  repo: RepoRef;
  branch: string;
  baseBranch?: string;
  expectedHead?: string;
  message: string;
  author?: { name: string; email: string };
  files: readonly CommitFile[];
  /** Paths to delete in the same commit. */
  delete?: readonly string[];
  /** Send content the secret scan flags (a deliberate fixture). Default false. */
  allowSecrets?: boolean;
}

export interface PushRequest {
  /** A local directory, a git repository or not. */
  dir: string;
  repo: RepoRef;
  /** The remote branch; default: the repository's current branch, or `main` for a plain directory. */
  branch?: string;
  force?: boolean;
  allowSecrets?: boolean;
  /** The commit message when `dir` is a plain directory. */
  message?: string;
  author?: { name: string; email: string };
  signal?: AbortSignal;
}

export interface PushOutcome {
  branch: string;
  sha: string;
  remoteUrl: string;
  filesScanned: number;
  forced: boolean;
}

type R<T> = Promise<Result<T, FkError>>;

/**
 * Repository operations with a stored token, one API for GitHub, GitLab and Bitbucket (docs/repos.md).
 * Every method borrows the token through `vault.withToken` (so every use is audited), checks the
 * token's known scopes before calling the forge, and answers a catalogue error, never token text.
 */
export interface RepoService {
  listRepos(ownerId: string, token: TokenChoice, input: ListInput, actor: string): R<Page<Repository>>;
  createRepo(
    ownerId: string,
    token: TokenChoice,
    input: CreateRepoRequest,
    actor: string,
  ): R<CreateRepoOutcome>;
  listBranches(
    ownerId: string,
    token: TokenChoice,
    input: ListInput & { repo: RepoRef },
    actor: string,
  ): R<BranchPage>;
  commitFiles(ownerId: string, token: TokenChoice, input: CommitRequest, actor: string): R<CommitResult>;
  /** Pushes a local directory with system git (the CLI's; a server never reads its own disk for a caller). */
  push(ownerId: string, token: TokenChoice, input: PushRequest, actor: string): R<PushOutcome>;
  openPullRequest(
    ownerId: string,
    token: TokenChoice,
    input: PullRequestInput,
    actor: string,
  ): R<PullRequest>;
  createWebhook(ownerId: string, token: TokenChoice, input: WebhookInput, actor: string): R<Webhook>;
}
