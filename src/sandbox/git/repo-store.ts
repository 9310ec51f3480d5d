import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SandboxForge } from '../types.js';
import {
  type BareSkeleton,
  hasNoRefFiles,
  makeBareSkeleton,
  plantBareSkeleton,
  removeBareSkeleton,
} from './bare-skeleton.js';
import { GitInputError, requireBranchName, requireSha } from './git-names.js';
import { GitObjects, type WriteCommitInput } from './git-objects.js';
import { KeyedLock } from './repo-lock.js';
import type {
  CommitInfo,
  CreateRepoInput,
  GitIdentity,
  RefUpdate,
  SandboxDelivery,
  SandboxRepo,
  TreeChange,
  TreeEntry,
} from './types.js';
import { type DeliveryRequest, postDelivery } from './webhooks.js';

export { GitInputError } from './git-names.js';
export type { WriteCommitInput } from './git-objects.js';

/** `create` refused: the forge already has a repository with that owner and name (any case). */
export class RepoExistsError extends Error {
  constructor(readonly fullName: string) {
    super(`a repository named ${fullName} already exists`);
    this.name = 'RepoExistsError';
  }
}

/** A branch moved: by the API (`via: 'api'`) or by `git push` through the git hosting (`via: 'git'`). */
export interface PushEvent {
  repo: SandboxRepo;
  /** `refs/heads/<branch>`. */
  ref: string;
  /** Null: the branch was created. */
  before: string | null;
  /** Null: the branch was deleted. */
  after: string | null;
  pusherLogin: string;
  via: 'api' | 'git';
}

export interface UpdateBranchOptions {
  /** Undefined: no check; null: the branch must not exist yet; a sha: the branch must still be there. */
  expectedOld?: string | null;
  force?: boolean;
  pusherLogin: string;
}

export interface CommitChangesInput {
  branch: string;
  /** The commit to build on; null makes a root commit (an empty repository's first). */
  parent: string | null;
  changes: TreeChange[];
  message: string;
  author: GitIdentity;
  expectedOld?: string | null;
  pusherLogin: string;
}

/** Deliveries kept for tests and `GET /_sandbox/deliveries` (oldest dropped first). */
export const DELIVERY_LIMIT = 1_000;

/** First id of each forge's repositories, roughly the size of real ids (for realistic bodies). */
const FIRST_ID: Record<SandboxForge, number> = { github: 700_000_001, gitlab: 50_000_001, bitbucket: 1 };

const ZERO_SHA = '0'.repeat(40);

/**
 * The sandbox's repositories: metadata in memory, content in real bare repositories under one root
 * directory, so a commit made through an API is exactly what `git clone` shows (DESIGN.md "The
 * sandbox forges"). Objects are written by hand (git-objects.ts); git runs for reads, ref updates
 * and the hosting, always with a clean environment (git-exec.ts).
 */
export class SandboxRepos {
  /** Subscribers to branch moves; the forge helpers deliver their webhooks from here. */
  readonly onPush = new Set<(event: PushEvent) => void>();
  /** Recent webhook deliveries, oldest first, at most `DELIVERY_LIMIT`. */
  readonly deliveries: SandboxDelivery[] = [];
  readonly #repos = new Map<string, SandboxRepo>();
  readonly #objects = new GitObjects(() => this.home());
  readonly #lock = new KeyedLock();
  #nextId: Record<SandboxForge, number> = { ...FIRST_ID };
  #root: Promise<string> | null = null;
  /** The layout of a new bare repository, from one real repository made once per store (bare-skeleton.ts). */
  #skeleton: Promise<BareSkeleton> | null = null;
  readonly #ownsRoot: boolean;

  constructor(private readonly options: { root?: string; now: () => number }) {
    this.#ownsRoot = options.root === undefined;
  }

  /** The directory holding every repository (made on first use). */
  root(): Promise<string> {
    this.#root ??= (async () => {
      const root = this.options.root ?? (await mkdtemp(join(tmpdir(), 'fk-sandbox-git-')));
      await mkdir(join(root, 'home'), { recursive: true });
      return root;
    })();
    return this.#root;
  }

  /** An empty `HOME` for every git the sandbox runs. */
  async home(): Promise<string> {
    return join(await this.root(), 'home');
  }

  /** Where a forge's bare repositories live: `<root>/<forge>/<id>.git` (the hosting's `GIT_PROJECT_ROOT`). */
  async forgeRoot(forge: SandboxForge): Promise<string> {
    return join(await this.root(), forge);
  }

  async create(input: CreateRepoInput, nowMs: number): Promise<SandboxRepo> {
    requireBranchName(input.defaultBranch);
    const key = repoKey(input.forge, input.owner, input.name);
    if (this.#repos.has(key)) throw new RepoExistsError(`${input.owner}/${input.name}`);
    const id = this.#nextId[input.forge]++;
    const gitDir = join(await this.forgeRoot(input.forge), `${id}.git`);
    const repo: SandboxRepo = {
      forge: input.forge,
      id,
      owner: input.owner,
      name: input.name,
      fullName: `${input.owner}/${input.name}`,
      ownerKind: input.ownerKind,
      creatorLogin: input.creatorLogin,
      private: input.private,
      description: input.description,
      defaultBranch: input.defaultBranch,
      projectKey: input.projectKey ?? null,
      createdAtMs: nowMs,
      gitDir,
      collaborators: new Set([input.creatorLogin]),
      protectedBranches: new Set(),
      pulls: [],
      hooks: [],
    };
    // Claimed before the first await of git, so a concurrent create of the same name fails.
    this.#repos.set(key, repo);
    try {
      await this.#init(repo);
      if (input.initialize) await this.#initialCommit(repo, nowMs);
    } catch (error) {
      this.#repos.delete(key);
      await rm(gitDir, { recursive: true, force: true });
      throw error;
    }
    return repo;
  }

  get(forge: SandboxForge, owner: string, name: string): SandboxRepo | undefined {
    return this.#repos.get(repoKey(forge, owner, name));
  }

  byId(forge: SandboxForge, id: number): SandboxRepo | undefined {
    return this.list(forge).find((repo) => repo.id === id);
  }

  /** A forge's repositories in id order. */
  list(forge: SandboxForge): SandboxRepo[] {
    return [...this.#repos.values()].filter((repo) => repo.forge === forge).sort((a, b) => a.id - b.id);
  }

  /** Branches in name order, with the commit each points at. */
  branches(repo: SandboxRepo): Promise<{ name: string; sha: string }[]> {
    return this.#objects.branches(repo.gitDir);
  }

  /** The commit a branch points at, or null when there is no such branch (or no such name). */
  resolveBranch(repo: SandboxRepo, branch: string): Promise<string | null> {
    return this.#objects.resolveBranch(repo.gitDir, branch);
  }

  async isEmpty(repo: SandboxRepo): Promise<boolean> {
    // Listings ask this of every repository on a page; an empty one answers without a git process.
    if (await hasNoRefFiles(repo.gitDir)) return true;
    return (await this.branches(repo)).length === 0;
  }

  /** A commit, or null when `sha` is not a commit of this repository. */
  readCommit(repo: SandboxRepo, sha: string): Promise<CommitInfo | null> {
    return this.#objects.readCommit(repo.gitDir, sha);
  }

  /**
   * The entries of a tree (or of a commit's tree); `recursive` lists subtrees' contents too, the
   * subtrees included, as GitHub's `?recursive=1` does. Throws `GitInputError` for an unknown sha.
   */
  listTree(
    repo: SandboxRepo,
    treeOrCommitSha: string,
    options: { recursive: boolean },
  ): Promise<TreeEntry[]> {
    return this.#objects.listTree(repo.gitDir, treeOrCommitSha, options);
  }

  /** A file's bytes at a commit (or tree), or null when the path is not a file there. */
  readFile(repo: SandboxRepo, commitSha: string, path: string): Promise<Buffer | null> {
    return this.#objects.readFile(repo.gitDir, commitSha, path);
  }

  hasBlob(repo: SandboxRepo, sha: string): Promise<boolean> {
    return this.#objects.hasBlob(repo.gitDir, sha);
  }

  async writeBlob(repo: SandboxRepo, content: Buffer): Promise<string> {
    const [sha] = await this.#objects.write(repo.gitDir, [{ type: 'blob', content }]);
    return sha!;
  }

  /**
   * A new tree: `baseTree`'s entries (none when null) with `changes` applied in order, GitHub's Git
   * Data API semantics (forges.md §1.8). Throws `GitInputError` for a bad path, mode, base tree or
   * an unknown blob sha.
   */
  writeTree(repo: SandboxRepo, baseTree: string | null, changes: TreeChange[]): Promise<string> {
    return this.#objects.writeTree(repo.gitDir, baseTree, changes);
  }

  /** A commit object; dates are the sandbox clock's as given. Throws `GitInputError` for an unknown tree or parent. */
  writeCommit(repo: SandboxRepo, input: WriteCommitInput): Promise<string> {
    return this.#objects.writeCommit(repo.gitDir, input);
  }

  /**
   * Moves (or creates) a branch, atomically per repository, and emits a push event on success.
   * Without `force`, a commit that does not descend from the current head is `not_fast_forward`.
   */
  updateBranch(
    repo: SandboxRepo,
    branch: string,
    newSha: string,
    options: UpdateBranchOptions,
  ): Promise<RefUpdate> {
    return this.#moveBranch(repo, branch, newSha, options, null);
  }

  /**
   * Deletes a branch, atomically per repository, and emits a push event (`after: null`). `moved`
   * when the branch does not exist or is not at `expectedOld` (when given).
   */
  async deleteBranch(
    repo: SandboxRepo,
    branch: string,
    options: { expectedOld?: string; pusherLogin: string },
  ): Promise<RefUpdate> {
    requireBranchName(branch);
    return this.#lock.run(repo.gitDir, async () => {
      const current = await this.resolveBranch(repo, branch);
      if (current === null || (options.expectedOld !== undefined && options.expectedOld !== current)) {
        return 'moved';
      }
      const ref = `refs/heads/${branch}`;
      const { code } = await this.#objects.git(repo.gitDir, ['update-ref', '-d', ref, current], [1, 128]);
      if (code !== 0) return 'moved';
      this.emitPush({
        repo,
        ref,
        before: current,
        after: null,
        pusherLogin: options.pusherLogin,
        via: 'api',
      });
      return 'ok';
    });
  }

  /**
   * Renames a branch, atomically per repository (GitHub's `POST …/branches/{branch}/rename`): the
   * ref, HEAD and the default when it was the default, its protection, and the base of open pull
   * requests move with it. `not_found` without the branch; `exists` when the new name is taken.
   */
  async renameBranch(repo: SandboxRepo, from: string, to: string): Promise<'ok' | 'not_found' | 'exists'> {
    requireBranchName(to);
    return this.#lock.run(repo.gitDir, async () => {
      const sha = await this.resolveBranch(repo, from);
      if (sha === null) return 'not_found';
      if ((await this.resolveBranch(repo, to)) !== null) return 'exists';
      await this.#objects.git(repo.gitDir, ['update-ref', `refs/heads/${to}`, sha, ZERO_SHA]);
      await this.#objects.git(repo.gitDir, ['update-ref', '-d', `refs/heads/${from}`, sha]);
      if (repo.defaultBranch === from) {
        repo.defaultBranch = to;
        await this.#objects.git(repo.gitDir, ['symbolic-ref', 'HEAD', `refs/heads/${to}`]);
      }
      if (repo.protectedBranches.delete(from)) repo.protectedBranches.add(to);
      for (const pull of repo.pulls) if (pull.state === 'open' && pull.base === from) pull.base = to;
      return 'ok';
    });
  }

  /** writeTree on the parent's tree, writeCommit and updateBranch in one call (GitLab commits API, Bitbucket /src). */
  async commitChanges(
    repo: SandboxRepo,
    input: CommitChangesInput,
  ): Promise<{ sha: string; update: RefUpdate }> {
    let baseTree: string | null = null;
    if (input.parent !== null) {
      const parent = await this.readCommit(repo, input.parent);
      if (!parent) throw new GitInputError(`the parent commit ${input.parent} does not exist`);
      baseTree = parent.tree;
    }
    const tree = await this.writeTree(repo, baseTree, input.changes);
    const parents = input.parent === null ? [] : [input.parent];
    // The tree was just written and the parent just read: no need to check them again.
    const sha = await this.#objects.writeCommit(
      repo.gitDir,
      { tree, parents, message: input.message, author: input.author },
      true,
    );
    const options = { expectedOld: input.expectedOld, pusherLogin: input.pusherLogin };
    const update = await this.#moveBranch(repo, input.branch, sha, options, parents);
    return { sha, update };
  }

  /** Paths that differ between two commits; with `from` null, every path of `to`. */
  changedPaths(repo: SandboxRepo, from: string | null, to: string): Promise<string[]> {
    return this.#objects.changedPaths(repo.gitDir, from, to);
  }

  /** Whether `a` is `b` or one of its ancestors; false for unknown commits. */
  isAncestor(repo: SandboxRepo, a: string, b: string): Promise<boolean> {
    return this.#objects.isAncestor(repo.gitDir, a, b);
  }

  /** Tells the subscribers; one that throws does not stop the others. */
  emitPush(event: PushEvent): void {
    for (const listener of this.onPush) {
      try {
        listener(event);
      } catch {
        // A subscriber's bug must not undo a push that already happened.
      }
    }
  }

  /** Makes (or tries) a webhook delivery and records it. Never throws. */
  async deliver(delivery: DeliveryRequest): Promise<void> {
    const status = await postDelivery(delivery);
    this.deliveries.push({ ...delivery, status, atMs: this.options.now() });
    if (this.deliveries.length > DELIVERY_LIMIT)
      this.deliveries.splice(0, this.deliveries.length - DELIVERY_LIMIT);
  }

  /** Forgets every repository and deletes them from disk (`state.reset()`). */
  async clear(): Promise<void> {
    const dirs = [...this.#repos.values()].map((repo) => repo.gitDir);
    this.#repos.clear();
    this.#objects.forget();
    this.#nextId = { ...FIRST_ID };
    this.deliveries.length = 0;
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }

  /** Deletes the repositories, and the root directory when the store made it. */
  async close(): Promise<void> {
    await this.clear();
    const skeleton = this.#skeleton;
    this.#skeleton = null;
    // Not left behind in a root the store does not own (`gitRoot`); a failed one removed itself.
    if (skeleton) await skeleton.then(removeBareSkeleton, () => {});
    if (this.#root && this.#ownsRoot) await rm(await this.#root, { recursive: true, force: true });
    this.#root = null;
  }

  /** Runs a git command in a repository under its lock, for the hosting's before/after head reads. */
  withLock<T>(repo: SandboxRepo, task: () => Promise<T>): Promise<T> {
    return this.#lock.run(repo.gitDir, task);
  }

  /**
   * `updateBranch`; `parents` are the new commit's parents when the caller just wrote it (no
   * existence check, and a head among them is a fast-forward without asking git).
   */
  async #moveBranch(
    repo: SandboxRepo,
    branch: string,
    newSha: string,
    options: UpdateBranchOptions,
    parents: string[] | null,
  ): Promise<RefUpdate> {
    requireBranchName(branch);
    requireSha(newSha, 'commit');
    return this.#lock.run(repo.gitDir, async () => {
      if (parents === null) {
        const [header] = await this.#objects.check(repo.gitDir, [newSha]);
        if (header?.type !== 'commit') throw new GitInputError(`the commit ${newSha} does not exist`);
      }
      const current = await this.resolveBranch(repo, branch);
      if (options.expectedOld !== undefined && options.expectedOld !== current) return 'moved';
      const fastForward =
        current === null || parents?.includes(current) || (await this.isAncestor(repo, current, newSha));
      if (!fastForward && !options.force) return 'not_fast_forward';
      const ref = `refs/heads/${branch}`;
      const args = ['update-ref', ref, newSha, current ?? ZERO_SHA];
      const { code } = await this.#objects.git(repo.gitDir, args, [1, 128]);
      // A `git push` through the hosting moved it between our read and our write.
      if (code !== 0) return 'moved';
      this.emitPush({
        repo,
        ref,
        before: current,
        after: newSha,
        pusherLogin: options.pusherLogin,
        via: 'api',
      });
      return 'ok';
    });
  }

  /**
   * The bare repository, written from the store's skeleton without starting git: what
   * `git init --bare`, the config and the pre-receive hook make, in microseconds (bare-skeleton.ts).
   */
  async #init(repo: SandboxRepo): Promise<void> {
    this.#skeleton ??= (async () => makeBareSkeleton(await this.root(), await this.home()))().catch(
      (error: unknown) => {
        // A failed attempt (git missing, disk full) is not remembered: the next create tries again.
        this.#skeleton = null;
        throw error;
      },
    );
    const skeleton = await this.#skeleton;
    await mkdir(await this.forgeRoot(repo.forge), { recursive: true });
    // Ids restart with every store: a directory already there is a leftover of an earlier store
    // sharing this root (`gitRoot`), not a repository of this one.
    await rm(repo.gitDir, { recursive: true, force: true });
    await plantBareSkeleton(skeleton, repo.gitDir, repo.defaultBranch);
  }

  async #initialCommit(repo: SandboxRepo, nowMs: number): Promise<void> {
    // As the forges' auto-init README: the name as a heading, then the description if there is one.
    const readme = repo.description === '' ? `# ${repo.name}` : `# ${repo.name}\n\n${repo.description}`;
    const tree = await this.writeTree(repo, null, [
      { path: 'README.md', content: Buffer.from(readme, 'utf8') },
    ]);
    const author = {
      name: repo.creatorLogin,
      email: `${repo.creatorLogin}@users.noreply.sandbox`,
      dateMs: nowMs,
    };
    // The tree was just written: no need to ask git whether it exists.
    const sha = await this.#objects.writeCommit(
      repo.gitDir,
      { tree, parents: [], message: 'Initial commit', author },
      true,
    );
    // No push event: nobody can have subscribed a hook to a repository that did not exist. The
    // loose ref is what `git update-ref` writes in a bare repository (no reflog there), and nothing
    // else can have made the branch of a repository still being created.
    const ref = join(repo.gitDir, 'refs', 'heads', ...repo.defaultBranch.split('/'));
    await mkdir(dirname(ref), { recursive: true });
    await writeFile(ref, `${sha}\n`, { flag: 'wx' });
  }
}

/** Owners and names are case-insensitive on all three forges. */
function repoKey(forge: SandboxForge, owner: string, name: string): string {
  return `${forge}:${owner.toLowerCase()}/${name.toLowerCase()}`;
}
