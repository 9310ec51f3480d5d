import { copyFile, link, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { runGit } from './git-exec.js';
import { installPreReceiveHook } from './pre-receive-hook.js';

/*
 * How the store makes a bare repository without starting git. `git init --bare` and the three
 * `git config` calls cost four processes per repository: 250 of them took 10–50 s on a busy machine.
 * So a store makes ONE real repository that way, the skeleton (in its own root, so git's probes of
 * the file system — `core.filemode` and the like — answer for the same file system), and from then
 * on lays out every new repository as that one:
 *  - the same directories;
 *  - `HEAD` (it names the repository's default branch) and `config` written afresh: they are the
 *    files that change over a repository's life (Bitbucket's first commit rewrites HEAD in place);
 *  - every other file — the hooks (the pre-receive hook of pre-receive-hook.ts and git's samples),
 *    `description`, `info/exclude` — hard-linked to the skeleton's: nothing ever writes them, and on
 *    a busy disk creating a file costs about 35 times a link. Where links fail they are copied.
 * Same paths, same bytes, same permission bits as before; a git that lays out a bare repository
 * differently is followed, since the skeleton is what it made.
 */

/** What every repository needs beyond `git init --bare`. */
const CONFIG: readonly (readonly [key: string, value: string])[] = [
  // Pushes through `git http-backend` need receive-pack enabled.
  ['http.receivepack', 'true'],
  // No auto gc mid-test.
  ['receive.autogc', 'false'],
  ['gc.auto', '0'],
];

/** Files each repository gets its own copy of; anything else is shared with the skeleton. */
const OWN_FILES = new Set(['HEAD', 'config']);

/** A bare repository's layout, read from the skeleton repository at `gitDir`. */
export interface BareSkeleton {
  /** The skeleton repository itself (its files are the link targets); deleted by `removeBareSkeleton`. */
  gitDir: string;
  /** Directories relative to the repository, grouped by depth (each group's parents in the one before). */
  dirLevels: string[][];
  /** `config`'s bytes and permission bits. */
  config: { content: Buffer; mode: number };
  /** Files relative to the repository that are hard-linked to the skeleton's. */
  shared: string[];
}

/**
 * Makes the skeleton repository at `<root>/skeleton.git` (git with the clean environment and
 * `home`), with exactly the store's former per-repository steps, and reads its layout.
 */
export async function makeBareSkeleton(root: string, home: string): Promise<BareSkeleton> {
  const gitDir = join(root, 'skeleton.git');
  // A leftover of an earlier store sharing this root (`gitRoot`) is replaced.
  await rm(gitDir, { recursive: true, force: true });
  try {
    await runGit(null, home, ['init', '--bare', '-q', '--initial-branch=main', gitDir]);
    for (const [key, value] of CONFIG) await runGit(gitDir, home, ['config', key, value]);
    await installPreReceiveHook(gitDir);
    return await readSkeleton(gitDir);
  } catch (error) {
    await rm(gitDir, { recursive: true, force: true });
    throw error;
  }
}

async function readSkeleton(gitDir: string): Promise<BareSkeleton> {
  const dirs: string[] = [];
  const shared: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const name = relative(gitDir, path);
      if (entry.isDirectory()) {
        dirs.push(name);
        await walk(path);
      } else if (entry.isFile()) {
        if (!OWN_FILES.has(name)) shared.push(name);
      } else {
        // A symlink or the like would not be laid out faithfully: better to fail loudly.
        throw new Error(`unexpected entry in a fresh bare repository: ${name}`);
      }
    }
  };
  await walk(gitDir);
  if (!shared.includes(join('hooks', 'pre-receive'))) throw new Error('the skeleton has no pre-receive hook');
  const depth = (dir: string) => dir.split(sep).length;
  const dirLevels: string[][] = [];
  for (const dir of dirs) {
    const level = depth(dir) - 1;
    dirLevels[level] = [...(dirLevels[level] ?? []), dir];
  }
  const configPath = join(gitDir, 'config');
  const config = { content: await readFile(configPath), mode: (await stat(configPath)).mode & 0o7777 };
  return { gitDir, dirLevels, config, shared };
}

/**
 * Lays out a new bare repository at `gitDir` (which must not exist yet: a leftover directory would
 * mix another repository's objects and refs in) as the skeleton, with `HEAD` naming `defaultBranch`.
 */
export async function plantBareSkeleton(
  skeleton: BareSkeleton,
  gitDir: string,
  defaultBranch: string,
): Promise<void> {
  await mkdir(gitDir);
  for (const level of skeleton.dirLevels) await Promise.all(level.map((dir) => mkdir(join(gitDir, dir))));
  await Promise.all([
    writeFile(join(gitDir, 'HEAD'), `ref: refs/heads/${defaultBranch}\n`, { flag: 'wx' }),
    writeFile(join(gitDir, 'config'), skeleton.config.content, { mode: skeleton.config.mode, flag: 'wx' }),
    ...skeleton.shared.map((path) => linkOrCopy(join(skeleton.gitDir, path), join(gitDir, path))),
  ]);
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    // A file system without hard links (or across devices): a copy, permission bits included.
    if (code !== 'EPERM' && code !== 'EXDEV' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error;
    await copyFile(from, to);
  }
}

/** Deletes the skeleton repository (the store is closing). */
export async function removeBareSkeleton(skeleton: BareSkeleton): Promise<void> {
  await rm(skeleton.gitDir, { recursive: true, force: true });
}

/**
 * No loose branch under `refs/heads` and no `packed-refs`: then git has no branch to list (the
 * files ref store of every sandbox repository). Anything else, even an empty subdirectory, is left
 * to git to judge.
 */
export async function hasNoRefFiles(gitDir: string): Promise<boolean> {
  try {
    const [heads, packed] = await Promise.all([
      readdir(join(gitDir, 'refs', 'heads')),
      stat(join(gitDir, 'packed-refs')).then(
        () => true,
        (error: unknown) => {
          if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return false;
          throw error;
        },
      ),
    ]);
    return heads.length === 0 && !packed;
  } catch {
    // Any doubt (no refs/heads, an unreadable file): git answers.
    return false;
  }
}
