import type { SandboxForge } from '../types.js';

/**
 * The sandbox's repositories: metadata in memory, content in real bare git repositories on disk, so
 * a commit made through a forge API is exactly what `git clone` then shows (DESIGN.md "The sandbox
 * forges"). Shared by the three forges' API routes and by the git hosting (`git http-backend`).
 */

export interface SandboxRepo {
  forge: SandboxForge;
  /** Numeric id, unique per forge (GitHub repo id, GitLab project id; Bitbucket shows a uuid made from it). */
  id: number;
  /** User login, group path (may hold `/`) or workspace slug, as created. */
  owner: string;
  /** Repository name / project path / slug. */
  name: string;
  /** `owner/name`. */
  fullName: string;
  ownerKind: 'user' | 'org';
  /** The account that created it (its login on that forge). */
  creatorLogin: string;
  private: boolean;
  /** Readable by any signed-in user but not anonymously (GitLab `internal`); only meaningful when not private. */
  signedInOnly?: boolean;
  description: string;
  /** The branch HEAD names, also while the repository is empty. */
  defaultBranch: string;
  /** Bitbucket project key; null elsewhere. */
  projectKey: string | null;
  createdAtMs: number;
  /** Absolute path of the bare repository. */
  gitDir: string;
  /** Logins that may push (the creator and anyone added through the control API); private repositories are readable by them only. */
  collaborators: Set<string>;
  /** Branches that refuse pushes and API commits (GitHub/GitLab protected branches, Bitbucket restrictions). */
  protectedBranches: Set<string>;
  pulls: SandboxPull[];
  hooks: SandboxHook[];
}

export interface SandboxPull {
  /** Per-repository number (GitHub number, GitLab iid, Bitbucket id). */
  number: number;
  /** Forge-wide id. */
  id: number;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
  state: 'open' | 'closed' | 'merged';
  authorLogin: string;
  createdAtMs: number;
}

export interface SandboxHook {
  id: number;
  url: string;
  /** In the forge's own spelling (`push`, `pull_request`; `push_events`…; `repo:push`…). */
  events: string[];
  secret: string | null;
  active: boolean;
  createdAtMs: number;
}

/** A delivery the sandbox made (or tried) to a webhook, kept for tests and the control API. */
export interface SandboxDelivery {
  hookId: number;
  forge: SandboxForge;
  repo: string;
  event: string;
  url: string;
  /** The headers sent: event name, signature or token, delivery id. */
  headers: Record<string, string>;
  body: unknown;
  /** HTTP status of the receiver, or null when it could not be reached. */
  status: number | null;
  atMs: number;
}

/** One path in a tree change, with GitHub's Git Data API semantics (forges.md §1.8). */
export type TreeChange =
  | { path: string; mode?: '100644' | '100755' | '120000'; content: Buffer }
  | { path: string; mode?: '100644' | '100755' | '120000'; blobSha: string }
  | { path: string; delete: true };

export interface GitIdentity {
  name: string;
  email: string;
  /** Sandbox clock time. */
  dateMs: number;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
}

export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

/** What a ref update did; `moved`: the branch is not at `expectedOld`; `not_fast_forward`: the new commit does not descend from the current head and `force` was not given. */
export type RefUpdate = 'ok' | 'moved' | 'not_fast_forward';

export interface CreateRepoInput {
  forge: SandboxForge;
  owner: string;
  ownerKind: 'user' | 'org';
  name: string;
  creatorLogin: string;
  private: boolean;
  description: string;
  defaultBranch: string;
  /** Make an initial commit with a README.md on the default branch. */
  initialize: boolean;
  projectKey?: string | null;
}
