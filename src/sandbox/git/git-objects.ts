import { commitContent, parseCommit } from './commit-object.js';
import { GitCommandError, type GitOutput, runGit } from './git-exec.js';
import { GitInputError, isSha, pathSegments, requireBranchName, requireSha } from './git-names.js';
import { type LooseObject, writeObjects } from './loose-objects.js';
import { checkObjects, type ObjectHeader, readObject } from './object-reader.js';
import { writePack } from './pack-writer.js';
import {
  applyChanges,
  emptyTree,
  parseLsTree,
  referencedBlobs,
  serialise,
  treeFromListing,
} from './tree-builder.js';
import type { CommitInfo, GitIdentity, TreeChange, TreeEntry } from './types.js';

export interface WriteCommitInput {
  tree: string;
  parents: string[];
  message: string;
  author: GitIdentity;
  /** Defaults to the author. */
  committer?: GitIdentity;
}

/** Above this many new objects a write becomes one pack instead of loose objects. */
const PACK_THRESHOLD = 24;

/**
 * Reads and writes the objects and refs of bare repositories, named by their directory. Objects
 * are written by hand (loose-objects.ts, pack-writer.ts); git answers the reads, with a clean
 * environment (git-exec.ts) and an empty `HOME` owned by the sandbox.
 */
export class GitObjects {
  /** Per repository, the `objects/xx` directories already made. */
  readonly #objectDirs = new Map<string, Set<string>>();

  constructor(private readonly home: () => Promise<string>) {}

  /** Runs git in a repository; "no such object" failures become `GitInputError`. */
  async git(gitDir: string, args: string[], okCodes: number[] = []): Promise<GitOutput> {
    try {
      return await runGit(gitDir, await this.home(), args, { okCodes });
    } catch (error) {
      if (
        error instanceof GitCommandError &&
        /bad object|not a tree object|Not a valid object/i.test(error.stderr)
      ) {
        throw new GitInputError('an object named in the request does not exist');
      }
      throw error;
    }
  }

  async check(gitDir: string, specs: string[]): Promise<(ObjectHeader | null)[]> {
    return checkObjects(gitDir, await this.home(), specs);
  }

  /** Branches in name order with the commit each points at. */
  async branches(gitDir: string): Promise<{ name: string; sha: string }[]> {
    const { stdout } = await this.git(gitDir, [
      'for-each-ref',
      '--format=%(objectname) %(refname)',
      'refs/heads/',
    ]);
    return stdout
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => ({ name: line.slice(41 + 'refs/heads/'.length), sha: line.slice(0, 40) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async resolveBranch(gitDir: string, branch: string): Promise<string | null> {
    try {
      requireBranchName(branch);
    } catch {
      return null;
    }
    const { stdout, code } = await this.git(
      gitDir,
      ['rev-parse', '-q', '--verify', `refs/heads/${branch}`],
      [1],
    );
    return code === 0 ? stdout.toString('utf8').trim() : null;
  }

  async readCommit(gitDir: string, sha: string): Promise<CommitInfo | null> {
    if (!isSha(sha)) return null;
    const object = await readObject(gitDir, await this.home(), sha);
    return object?.type === 'commit' ? parseCommit(object.sha, object.content) : null;
  }

  async listTree(
    gitDir: string,
    treeOrCommitSha: string,
    options: { recursive: boolean },
  ): Promise<TreeEntry[]> {
    requireSha(treeOrCommitSha, 'tree');
    const [header] = await this.check(gitDir, [`${treeOrCommitSha}^{tree}`]);
    if (!header) throw new GitInputError(`no tree or commit ${treeOrCommitSha}`);
    const args = ['ls-tree', '-z', '-l', ...(options.recursive ? ['-r', '-t'] : []), header.sha];
    const { stdout } = await this.git(gitDir, args);
    return parseLsTree(stdout, true).map((entry) => ({
      path: entry.path,
      mode: entry.mode,
      type: entry.type === 'tree' ? 'tree' : entry.type === 'commit' ? 'commit' : 'blob',
      sha: entry.sha,
      ...(entry.size === undefined ? {} : { size: entry.size }),
    }));
  }

  async readFile(gitDir: string, commitSha: string, path: string): Promise<Buffer | null> {
    if (!isSha(commitSha)) return null;
    try {
      pathSegments(path);
    } catch {
      return null;
    }
    const object = await readObject(gitDir, await this.home(), `${commitSha}:${path}`);
    return object?.type === 'blob' ? object.content : null;
  }

  async hasBlob(gitDir: string, sha: string): Promise<boolean> {
    if (!isSha(sha)) return false;
    const [header] = await this.check(gitDir, [sha]);
    return header?.type === 'blob';
  }

  /** Writes objects (many: one pack; a few: loose, so small commits do not pile up packs). */
  async write(gitDir: string, objects: LooseObject[]): Promise<string[]> {
    if (objects.length > PACK_THRESHOLD) return writePack(gitDir, objects);
    let dirs = this.#objectDirs.get(gitDir);
    if (!dirs) {
      dirs = new Set();
      this.#objectDirs.set(gitDir, dirs);
    }
    return writeObjects(gitDir, dirs, objects);
  }

  async writeTree(gitDir: string, baseTree: string | null, changes: TreeChange[]): Promise<string> {
    const blobShas = referencedBlobs(changes);
    for (const sha of blobShas) requireSha(sha, 'blob sha');
    const base = baseTree === null ? [] : [`${requireSha(baseTree, 'base tree')}^{tree}`];
    const headers = await this.check(gitDir, [...base, ...blobShas]);
    let root = emptyTree();
    if (baseTree !== null) {
      const header = headers.shift();
      if (!header) throw new GitInputError(`the base tree ${baseTree} does not exist`);
      const { stdout } = await this.git(gitDir, ['ls-tree', '-r', '-t', '-z', header.sha]);
      root = treeFromListing(header.sha, parseLsTree(stdout, false));
    }
    blobShas.forEach((sha, index) => {
      if (headers[index]?.type !== 'blob') throw new GitInputError(`the blob ${sha} does not exist`);
    });
    const objects: LooseObject[] = [];
    applyChanges(root, changes, objects);
    const sha = serialise(root, objects);
    await this.write(gitDir, objects);
    return sha;
  }

  /** `verified`: the caller just wrote the tree and read the parents, so they are not checked again. */
  async writeCommit(gitDir: string, input: WriteCommitInput, verified = false): Promise<string> {
    requireSha(input.tree, 'tree');
    for (const parent of input.parents) requireSha(parent, 'parent');
    const headers = verified ? [] : await this.check(gitDir, [input.tree, ...input.parents]);
    if (!verified && headers[0]?.type !== 'tree')
      throw new GitInputError(`the tree ${input.tree} does not exist`);
    input.parents.forEach((parent, index) => {
      if (!verified && headers[index + 1]?.type !== 'commit') {
        throw new GitInputError(`the parent commit ${parent} does not exist`);
      }
    });
    const content = commitContent({ ...input, committer: input.committer ?? input.author });
    const [sha] = await this.write(gitDir, [{ type: 'commit', content }]);
    return sha!;
  }

  async changedPaths(gitDir: string, from: string | null, to: string): Promise<string[]> {
    requireSha(to, 'commit');
    const args =
      from === null
        ? ['ls-tree', '-r', '-z', '--name-only', to]
        : ['diff-tree', '-r', '-z', '--name-only', '--no-renames', requireSha(from, 'commit'), to];
    const { stdout } = await this.git(gitDir, args);
    return stdout
      .toString('utf8')
      .split('\0')
      .filter((path) => path !== '');
  }

  async isAncestor(gitDir: string, a: string, b: string): Promise<boolean> {
    if (!isSha(a) || !isSha(b)) return false;
    const { code } = await this.git(gitDir, ['merge-base', '--is-ancestor', a, b], [1, 128]);
    return code === 0;
  }

  /** Forgets cached directories (the repositories were deleted). */
  forget(): void {
    this.#objectDirs.clear();
  }
}
