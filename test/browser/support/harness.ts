import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CLI } from '../../support/cli.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Never a key, database or port inherited from the machine running the tests. */
const HERMETIC = {
  FORGEKEEPER_DATABASE_URL: undefined,
  FORGEKEEPER_MASTER_KEY: undefined,
  FORGEKEEPER_MASTER_KEY_FILE: undefined,
  FORGEKEEPER_DATA_DIR: undefined,
  FORGEKEEPER_HOST: undefined,
  FORGEKEEPER_PORT: undefined,
  FORGEKEEPER_LOG_LEVEL: 'warn',
};

export interface Served {
  url: string;
  setupCode: string;
  child: ChildProcess;
  exit: Promise<void>;
}

/**
 * Starts the built CLI's `forgekeeper serve` on a fresh data dir and resolves once it has said where
 * it listens (stdout) and printed the one-time setup code (stderr).
 */
export function serve(): Promise<Served> {
  const dataDir = mkdtempSync(join(tmpdir(), 'forgekeeper-browser-data-'));
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--no-scheduler'],
    { env: { ...process.env, ...HERMETIC }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 15_000);
    const look = () => {
      const url = /listening on (http:\/\/[^\s]+)/.exec(stdout)?.[1];
      const setupCode = /setup code (\S+)/.exec(stderr)?.[1];
      if (url === undefined || setupCode === undefined) return;
      clearTimeout(timer);
      resolve({ url, setupCode, child, exit });
    };
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      look();
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
      look();
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`serve exited before it was ready:\n${stderr}`));
    });
  });
}

/** Stops the server by its PID and waits for it to go. */
export async function stop(served: Served | undefined): Promise<void> {
  if (served === undefined) return;
  if (served.child.exitCode === null && served.child.signalCode === null) served.child.kill('SIGKILL');
  await served.exit;
}

/**
 * Headless Debian Chromium. `launch()` gives the browser a new, empty profile directory under the
 * temp dir and removes it on close (Playwright refuses `--user-data-dir` here).
 */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Console errors and uncaught page errors, CSP violations among them. A fetch the API answers with
 * an expected 4xx (401 before sign-in, 400 for a refused token) is logged by Chromium as "Failed to
 * load resource"; those are the app working as designed and are kept apart.
 */
export class ConsoleWatch {
  readonly errors: string[] = [];
  readonly failedLoads: string[] = [];

  attach(page: Page): void {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) {
        this.failedLoads.push(`${text} (${message.location().url})`);
      } else {
        this.errors.push(text);
      }
    });
    page.on('pageerror', (error) => this.errors.push(`pageerror: ${error.message}`));
  }
}

export async function newPage(
  browser: Browser,
  watch: ConsoleWatch,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, ...options });
  // A step that cannot find what it waits for fails in seconds, with Playwright's own message.
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  watch.attach(page);
  return { context, page };
}
