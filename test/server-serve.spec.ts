import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { requirePostgres, TEST_DATABASE_URL } from '../src/store/testing/postgres-target.js';
import { CLI, runCli } from './support/cli.js';

/** Never a key, database or port inherited from the machine running the tests. */
const HERMETIC = {
  FORGEKEEPER_DATABASE_URL: undefined,
  FORGEKEEPER_MASTER_KEY: undefined,
  FORGEKEEPER_MASTER_KEY_FILE: undefined,
  FORGEKEEPER_DATA_DIR: undefined,
  FORGEKEEPER_HOST: undefined,
  FORGEKEEPER_PORT: undefined,
};

interface Served {
  url: string;
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
  readyMs: number;
}

const running: Served[] = [];

afterEach(async () => {
  for (const served of running.splice(0)) {
    if (served.child.exitCode === null) served.child.kill('SIGKILL');
    await served.exit;
  }
});

/** Starts `forgekeeper serve` and resolves once it says where it listens. */
function serve(args: string[], env: Record<string, string | undefined> = {}): Promise<Served> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', ...args], {
    env: { ...process.env, ...HERMETIC, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const url = /listening on (http:\/\/[^\s]+)/.exec(stdout)?.[1];
      if (url === undefined) return;
      const served = {
        url,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        exit,
        readyMs: performance.now() - started,
      };
      running.push(served);
      resolve(served);
    });
    void exit.then((code) => reject(new Error(`serve exited ${code} before listening:\n${stderr}`)));
  });
}

const dataDir = () => mkdtempSync(join(tmpdir(), 'forgekeeper-serve-'));

describe('forgekeeper serve', () => {
  it('listens on 127.0.0.1 on the port it was given (0: a free one), answers, and exits 0 on SIGTERM', async () => {
    const served = await serve(['--port', '0', '--data-dir', dataDir()]);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.readyMs).toBeLessThan(5_000);

    const health = await fetch(`${served.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${served.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${served.url}/metrics`)).text();
    expect(metrics).toContain('forgekeeper_tokens{status="active"} 0');
    expect(metrics).toContain('process_cpu_seconds_total');
    const document = (await (await fetch(`${served.url}/api/v1/openapi.json`)).json()) as { openapi: string };
    expect(document.openapi).toMatch(/^3\./);

    served.child.kill('SIGTERM');
    expect(await served.exit).toBe(0);
    expect(served.stderr()).toContain('SIGTERM: shutting down');
    // Logs are JSON lines on stderr; stdout has only the listening line.
    expect(served.stdout().trim().split('\n')).toHaveLength(1);
  });

  it('takes its port from FORGEKEEPER_PORT and exits 0 on SIGINT too', async () => {
    const served = await serve(['--data-dir', dataDir()], { FORGEKEEPER_PORT: '0' });
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
    served.child.kill('SIGINT');
    expect(await served.exit).toBe(0);
  });

  it('refuses a bad port with a usage error, before opening anything', async () => {
    const run = await runCli(['serve', '--port', 'eighty', '--data-dir', join(dataDir(), 'never')], {
      env: HERMETIC,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('invalid_input');
    expect(run.stderr).toContain('port');
  });

  it('runs two processes on one PostgreSQL database', async () => {
    await requirePostgres();
    const schema = `fk_serve_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const url = new URL(TEST_DATABASE_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const env = {
        FORGEKEEPER_DATABASE_URL: url.toString(),
        FORGEKEEPER_MASTER_KEY: randomBytes(32).toString('base64'),
      };
      const [one, two] = await Promise.all([
        serve(['--port', '0', '--data-dir', dataDir()], env),
        serve(['--port', '0', '--data-dir', dataDir()], env),
      ]);
      for (const served of [one, two]) {
        expect((await fetch(`${served.url}/readyz`)).status).toBe(200);
        served.child.kill('SIGTERM');
        expect(await served.exit).toBe(0);
      }
    } finally {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });
});
