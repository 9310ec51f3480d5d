import { spawn } from 'node:child_process';

/** What a finished git process said. */
export interface GitOutput {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface GitRunOptions {
  /** Written to git's stdin, then stdin is closed. */
  input?: Buffer | string;
  /** Extra variables on top of the clean environment (`GIT_INDEX_FILE`…). */
  env?: Record<string, string>;
  /** Exit codes that are answers, not failures (`merge-base --is-ancestor` answers 1). */
  okCodes?: number[];
}

/** A git command that failed; `stderr` is git's own text (never holds a token: the store passes none). */
export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ''} exited with ${code}: ${stderr.trim().split('\n')[0] ?? ''}`);
    this.name = 'GitCommandError';
  }
}

/**
 * The environment every sandbox git runs in: no system or user configuration, no prompts, no
 * inherited `GIT_*` variables that could point git at another repository. `home` is an empty
 * directory owned by the sandbox.
 */
export function cleanGitEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C',
    LC_ALL: 'C',
    TZ: 'UTC',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    // Git's own temp files stay where the suite's leak scan looks (and where the sandbox lives).
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    ...extra,
  };
}

/**
 * Runs `git --git-dir=<gitDir> <args>` (or plain `git <args>` when `gitDir` is null) with an argument
 * array, never a shell, and a clean environment.
 */
export function runGit(
  gitDir: string | null,
  home: string,
  args: string[],
  options: GitRunOptions = {},
): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', gitDir === null ? args : [`--git-dir=${gitDir}`, ...args], {
      env: cleanGitEnv(home, options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    // A git that exits before reading all of stdin (`cat-file` on bad input) must not crash us.
    child.stdin.on('error', () => {});
    child.on('close', (code) => {
      const result = {
        code: code ?? -1,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (result.code === 0 || options.okCodes?.includes(result.code)) resolve(result);
      else reject(new GitCommandError(args, result.code, result.stderr));
    });
    child.stdin.end(options.input ?? '');
  });
}
