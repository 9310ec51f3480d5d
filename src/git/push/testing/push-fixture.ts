import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type GitRunner, gitEnv, runGit } from '../../run-git.js';

/** Test support for push specs: synchronous git for setting up repositories, and a recording runner. */

/** Runs git synchronously for test setup, with the clean environment and a fixed identity. */
export function gitSync(cwd: string, args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    env: gitEnv({ HOME: cwd }),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** Writes files (path → text) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** A repository in `dir` with `files` committed on `main`. */
export function makeRepository(dir: string, files: Record<string, string>, message = 'first'): string {
  mkdirSync(dir, { recursive: true });
  gitSync(dir, ['init', '--quiet', '--initial-branch=main']);
  return commitFiles(dir, files, message);
}

export function commitFiles(dir: string, files: Record<string, string>, message: string): string {
  writeFiles(dir, files);
  gitSync(dir, ['add', '--all']);
  gitSync(dir, ['commit', '--quiet', '--allow-empty', '-m', message]);
  return gitSync(dir, ['rev-parse', 'HEAD']);
}

export interface Recorder {
  git: GitRunner;
  /** Every argument vector we spawned git with. */
  argv: string[][];
  /** Every environment we added for git. */
  env: Record<string, string>[];
  /** Paths of files seen holding the secret while a push was running. */
  leaks: string[];
}

/**
 * Wraps `runGit`: records each argv and environment, makes git trace its own child processes
 * (`GIT_TRACE` lists the credential helper's and git-remote-http's arguments), and after every git
 * run searches the given directories — the push's private directory still exists then — for `secret`.
 */
export function recordingGit(secret: string, traceFile: string, watched: () => string[]): Recorder {
  const recorder: Recorder = { git: runGit, argv: [], env: [], leaks: [] };
  recorder.git = async (args, options = {}) => {
    recorder.argv.push([...args]);
    recorder.env.push({ ...options.env });
    const result = await runGit(args, { ...options, env: { ...options.env, GIT_TRACE: traceFile } });
    for (const dir of watched()) recorder.leaks.push(...filesHolding(dir, secret));
    return result;
  };
  return recorder;
}

/** Regular files under `dir` whose bytes contain `text`. */
export function filesHolding(dir: string, text: string): string[] {
  if (!existsSync(dir)) return [];
  const hits: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, entry);
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      continue;
    }
    if (isFile && readFileSync(path).includes(text)) hits.push(path);
  }
  return hits;
}
