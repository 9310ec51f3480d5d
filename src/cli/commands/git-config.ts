import { execFile } from 'node:child_process';

/** A `git config …` run: exit code and output. No shell; a 10 s deadline. */
export interface GitConfigRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `git config ARGS` (never a shell, never a token in ARGS). */
export function gitConfig(args: readonly string[], cwd?: string): Promise<GitConfigRun> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['config', ...args],
      { cwd, timeout: 10_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 127;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `git config --get-urlmatch credential.useHttpPath URL` is true. */
export async function useHttpPathFor(url: string): Promise<boolean> {
  const run = await gitConfig(['--type=bool', '--get-urlmatch', 'credential.usehttppath', url]);
  return run.code === 0 && run.stdout.trim() === 'true';
}
