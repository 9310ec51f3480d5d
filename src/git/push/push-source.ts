import { existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { GitRunner, RunGitOptions } from '../run-git.js';
import { gitFailure } from './push-errors.js';
import { DEFAULT_AUTHOR, DEFAULT_MESSAGE, type PushDirectoryOptions } from './push-options.js';

/** What will be pushed and how to run git on it. */
export interface PushSource {
  kind: 'repository' | 'plain';
  /** The commit to push. */
  tip: string;
  /** Arguments before the git command (`--git-dir=…` for a plain directory). */
  prefix: string[];
  /** cwd and environment of every git run on this source. */
  run: RunGitOptions;
}

/**
 * A repository is pushed as it is (nothing in it is written); a plain directory becomes one root
 * commit in a temporary git directory inside `privateDir`, with `dir` as its work tree, so the
 * user's directory is only read. `dir`'s own `.gitignore` rules apply to what is committed.
 */
export async function preparePushSource(
  git: GitRunner,
  options: PushDirectoryOptions,
  privateDir: string,
): Promise<Result<PushSource, FkError>> {
  const dir = await realDirectory(options.dir);
  if (!dir.ok) return dir;
  const run: RunGitOptions = {
    cwd: dir.value,
    // HOME is the private directory: nothing of the user's home (excludes, attributes) steers git.
    // The ceiling stops git from taking a parent repository for this directory's.
    env: { HOME: privateDir, GIT_CEILING_DIRECTORIES: dirname(dir.value) },
    redact: [options.token],
    ...(options.signal ? { signal: options.signal } : {}),
  };
  // One run answers both: whether this is a repository (bare or not), and the branch's commit.
  const probe = await git(
    ['rev-parse', '--is-bare-repository', '--verify', '--quiet', `refs/heads/${options.branch}^{commit}`],
    run,
  );
  if (!probe.ok) return probe;
  const [bareAnswer = '', branchTip = ''] = probe.value.stdout.toString().split('\n');
  // 128: not a repository at all; 0 or 1: a repository, with or without that branch.
  const isRepository = probe.value.exitCode !== 128 && isRepositoryRoot(dir.value, bareAnswer);
  if (!isRepository) return plainSource(git, { ...run, cwd: privateDir }, dir.value, privateDir, options);
  if (probe.value.exitCode === 0 && branchTip !== '') return ok(repositorySource(branchTip, run));
  return headSource(git, run);
}

async function realDirectory(dir: string): Promise<Result<string, FkError>> {
  try {
    const real = await realpath(dir);
    if ((await stat(real)).isDirectory()) return ok(real);
  } catch {
    // Reported below.
  }
  return err(fkError('invalid_input', { message: `${dir} is not a directory.`, details: { field: 'dir' } }));
}

/** The work tree root (`.git` inside) or a bare repository itself; not a directory inside a work tree. */
function isRepositoryRoot(dir: string, bareAnswer: string): boolean {
  return existsSync(join(dir, '.git')) || bareAnswer.trim() === 'true';
}

function repositorySource(tip: string, run: RunGitOptions): PushSource {
  return { kind: 'repository', tip, prefix: [], run };
}

/** Without a local branch named like the remote one: HEAD (the current branch). */
async function headSource(git: GitRunner, run: RunGitOptions): Promise<Result<PushSource, FkError>> {
  const resolved = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], run);
  if (!resolved.ok) return resolved;
  if (resolved.value.exitCode === 0)
    return ok(repositorySource(resolved.value.stdout.toString().trim(), run));
  return err(
    fkError('invalid_input', {
      message: 'The repository has no commit to push.',
      remediation: 'Commit something first, or pass a plain directory to push its files as one commit.',
      details: { field: 'dir' },
    }),
  );
}

async function plainSource(
  git: GitRunner,
  run: RunGitOptions,
  dir: string,
  privateDir: string,
  options: PushDirectoryOptions,
): Promise<Result<PushSource, FkError>> {
  const gitDir = join(privateDir, 'repo.git');
  const prefix = [`--git-dir=${gitDir}`, `--work-tree=${dir}`];
  const author = options.author ?? DEFAULT_AUTHOR;
  const steps: string[][] = [
    ['init', '--quiet', '--bare', gitDir],
    [...prefix, 'add', '--all'],
    [...prefix, 'write-tree'],
  ];
  let tree = '';
  for (const args of steps) {
    const done = await git(args, run);
    if (!done.ok) return done;
    if (done.value.exitCode !== 0) return err(gitFailure(args[2] ?? args[0] ?? 'init', done.value.stderr));
    tree = done.value.stdout.toString().trim();
  }
  // Identity through -c, as the global configuration is off (run-git.ts).
  const commit = await git(
    [
      ...prefix,
      '-c',
      `user.name=${author.name}`,
      '-c',
      `user.email=${author.email}`,
      'commit-tree',
      tree,
      '-m',
      options.commitMessage ?? DEFAULT_MESSAGE,
    ],
    run,
  );
  if (!commit.ok) return commit;
  if (commit.value.exitCode !== 0) return err(gitFailure('commit-tree', commit.value.stderr));
  return ok({
    kind: 'plain',
    tip: commit.value.stdout.toString().trim(),
    prefix: [`--git-dir=${gitDir}`],
    run,
  });
}
