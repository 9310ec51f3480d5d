import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanGitEnv } from './git-exec.js';

/**
 * Real `git` against the sandbox's git hosting, for specs. Credentials reach git only through a
 * credential helper that echoes two variables of the git child's own environment: never a URL, an
 * argument or a file (the suite's leak scan would catch a token in a file). Test support only.
 */
export interface GitAuth {
  username: string;
  password: string;
}

/** What a finished process said; `code` is -1 when a signal ended it. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The author and committer every test commit is made by. */
export const TEST_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.com',
} as const satisfies Record<string, string>;

const HELPER =
  '!f() { test "$1" = get || exit 0; echo "username=$FK_TEST_GIT_USERNAME"; echo "password=$FK_TEST_GIT_PASSWORD"; }; f';

export async function scratchDir(prefix = 'fk-git-client-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Runs `git <args>` in `cwd` with an empty config, an identity, and `auth` (if any) via the helper. */
export function git(args: string[], options: { cwd: string; auth?: GitAuth }): Promise<GitResult> {
  const env = cleanGitEnv(options.cwd, {
    ...TEST_IDENTITY,
    ...(options.auth
      ? { FK_TEST_GIT_USERNAME: options.auth.username, FK_TEST_GIT_PASSWORD: options.auth.password }
      : {}),
  });
  const helper = options.auth ? ['-c', 'credential.helper=', '-c', `credential.helper=${HELPER}`] : [];
  return runProcess('git', ['-c', 'init.defaultBranch=main', ...helper, ...args], { cwd: options.cwd, env });
}

/**
 * Runs `command` with an argument array (never a shell) and exactly `env`, writes `input` (if any)
 * to its stdin, and collects what it printed.
 */
export function runProcess(
  command: string,
  args: string[],
  options: { env: Record<string, string>; cwd?: string; input?: string },
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    // A child that exits before reading its input closes the pipe; that is its answer, not ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** The files of a working tree (not `.git`), path → bytes, sorted by path. */
export async function worktreeBytes(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const walk = async (current: string, prefix: string) => {
    const entries = await readdir(current, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '.git') continue;
      if (entry.isDirectory()) await walk(join(current, entry.name), `${prefix}${entry.name}/`);
      else files.set(`${prefix}${entry.name}`, await readFile(join(current, entry.name)));
    }
  };
  await walk(dir, '');
  return files;
}

/** The files of a working tree (not `.git`), path → UTF-8 content, sorted by path. */
export async function worktreeFiles(dir: string): Promise<Map<string, string>> {
  const bytes = await worktreeBytes(dir);
  return new Map([...bytes].map(([path, content]) => [path, content.toString('utf8')]));
}
