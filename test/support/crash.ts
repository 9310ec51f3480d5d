import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI } from './cli.js';

/** What a crash test needs of a child: its output so far, and its end. */
export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr has printed a line matching `pattern` (or the child ended). */
  stderrMatches(pattern: RegExp): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The environment of a crash-test child: everything inherited except Forgekeeper's own settings,
 * so the data directory named on the command line is the only database and key source.
 */
export function hermeticEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('FORGEKEEPER_')) delete env[name];
  return { ...env, ...extra };
}

/** Starts the built CLI (`bin/forgekeeper.js`); fails clearly when `npm run build` has not run. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = hermeticEnv()): Running {
  if (!existsSync(new URL('../../dist/cli.js', import.meta.url))) {
    throw new Error('dist/cli.js is missing: run `npm run build` before the crash tests.');
  }
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) {
      if (waiter.pattern.test(stderr)) waiter.resolve();
      else waiters.push(waiter);
    }
  };
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
    wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      for (const waiter of waiters.splice(0)) waiter.resolve();
      resolve({ code, signal });
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    stderrMatches(pattern) {
      if (pattern.test(stderr) || child.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
  };
}

/** SIGKILL — no handler runs, nothing is flushed — and wait until the process is gone. */
export async function kill(
  running: Running,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  running.child.kill('SIGKILL');
  return running.exited;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A whole number of milliseconds in [min, max). */
export function randomMs(min: number, max: number): number {
  return Math.floor(min + Math.random() * (max - min));
}
