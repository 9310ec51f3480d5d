import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI } from './support/cli.js';

/** Never a key, database or data directory inherited from the machine running the tests. */
const HERMETIC = {
  FORGEKEEPER_DATABASE_URL: undefined,
  FORGEKEEPER_MASTER_KEY: undefined,
  FORGEKEEPER_MASTER_KEY_FILE: undefined,
  FORGEKEEPER_DATA_DIR: undefined,
};

describe('forgekeeper demo', () => {
  it('serves a demo user with tokens of every state, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'demo', '--port', '0'], {
      env: { ...process.env, ...HERMETIC },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // Ready once the last line (where the data lives) is out.
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
          if (/Ctrl-C stops it\./.test(stdout)) resolve();
        });
        void exit.then((code) => reject(new Error(`demo exited ${code}:\n${stdout}\n${stderr}`)));
      });

      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      const username = /Username\s+(\S+)/.exec(stdout)?.[1];
      const password = /Password\s+(\S+)/.exec(stdout)?.[1];
      const dataDir = /Data in (\S+), deleted on exit/.exec(stdout)?.[1];
      expect(url).toBeDefined();
      expect(username).toBe('demo');
      expect(password?.length).toBeGreaterThanOrEqual(12);
      expect(dataDir && existsSync(dataDir)).toBe(true);
      // A fresh sandbox token per forge to paste into the form, said to be sandbox tokens.
      expect(stdout).toMatch(/not real tokens/);
      expect(stdout).toMatch(/github\s+ghp_\w+/);
      expect(stdout).toMatch(/gitlab\s+glpat-\S+/);
      expect(stdout).toMatch(/bitbucket\s+ATCTT\S+/);

      const session = await fetch(`${url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      expect(session.status).toBe(200);
      const cookie = session.headers
        .getSetCookie()
        .map((line) => line.split(';')[0])
        .join('; ');

      const listed = await fetch(`${url}/api/v1/tokens`, { headers: { cookie } });
      expect(listed.status).toBe(200);
      const { items } = (await listed.json()) as { items: { status: string; forge: string }[] };
      const statuses = new Set(items.map((token) => token.status));
      for (const status of ['active', 'expiring', 'expired', 'invalid', 'insufficient_scope', 'stale']) {
        expect(statuses, status).toContain(status);
      }
      expect(new Set(items.map((token) => token.forge))).toEqual(new Set(['github', 'gitlab', 'bitbucket']));
      // Tokens never leave the server.
      expect(JSON.stringify(items)).not.toMatch(/ghp_\w{20,}|glpat-[\w.-]{20,}|ATCTT[\w-]{20,}/);

      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(existsSync(dataDir!)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
