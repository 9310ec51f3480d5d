import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../domain/secret.js';
import { makeToken } from '../../domain/tokens/__fixtures__/make-token.js';
import { gitEnv } from '../run-git.js';
import { type CredentialServer, type PushedRef, startCredentialServer } from './credential-server.js';

const TOKEN = makeToken('gitlab', 'personal', { seed: 11 });
let dir: string;
let server: CredentialServer;

async function start(url = 'https://gitlab.example.com/group/repo.git'): Promise<CredentialServer> {
  dir = mkdtempSync(join(tmpdir(), 'cred-spec-'));
  server = await startCredentialServer({
    dir,
    url: new URL(url),
    username: 'oauth2',
    token: new Secret(TOKEN),
  });
  return server;
}

afterEach(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `git credential <action>` with only our helper (asynchronous: the server runs in this process). */
function credential(action: 'fill' | 'reject', input: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...server.configArgs, 'credential', action], {
      env: gitEnv({ HOME: dir, ...env }),
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', () => resolve(stdout));
    child.stdin.end(input);
  });
}

const fill = (input: string, env: Record<string, string>) => credential('fill', input, env);

describe('the push credential helper and server', () => {
  it('gives git the username and token for the remote host, through a helper file without secrets', async () => {
    await start();
    const answer = await fill('protocol=https\nhost=gitlab.example.com\n\n', server.env);
    expect(answer).toContain('username=oauth2');
    expect(answer).toContain(`password=${TOKEN}`);
    expect(server.stats).toMatchObject({ answered: 1, refused: 0 });
    expect(readFileSync(join(dir, 'credential-helper.sh'), 'utf8')).not.toContain(TOKEN);
    expect(JSON.stringify(server.env)).not.toContain(TOKEN);
    expect(server.configArgs.join(' ')).not.toContain(TOKEN);
    expect(statSync(dir).mode & 0o077).toBe(0);
  });

  it('refuses another host or protocol (a redirect), and a wrong or missing nonce', async () => {
    await start();
    expect(await fill('protocol=https\nhost=evil.example.com\n\n', server.env)).not.toContain(TOKEN);
    expect(await fill('protocol=http\nhost=gitlab.example.com\n\n', server.env)).not.toContain(TOKEN);
    const wrongNonce = { ...server.env, FORGEKEEPER_CREDENTIAL_NONCE: 'f'.repeat(64) };
    expect(await fill('protocol=https\nhost=gitlab.example.com\n\n', wrongNonce)).not.toContain(TOKEN);
    const socketOnly = { FORGEKEEPER_CREDENTIAL_SOCKET: server.env.FORGEKEEPER_CREDENTIAL_SOCKET ?? '' };
    expect(await fill('protocol=https\nhost=gitlab.example.com\n\n', socketOnly)).not.toContain(TOKEN);
    expect(server.stats).toMatchObject({ answered: 0, refused: 3 });
  });

  it('matches the host with its port, and counts git’s erase as a rejected credential', async () => {
    await start('http://127.0.0.1:8123/o/r.git');
    expect(await fill('protocol=http\nhost=127.0.0.1:8123\n\n', server.env)).toContain(TOKEN);
    expect(await fill('protocol=http\nhost=127.0.0.1:9999\n\n', server.env)).not.toContain(TOKEN);
    await credential(
      'reject',
      `protocol=http\nhost=127.0.0.1:8123\nusername=oauth2\npassword=${TOKEN}\n\n`,
      server.env,
    );
    expect(server.stats.rejected).toBe(1);
  });

  it('relays the refs git gives the pre-push hook and lets git go on only when the verdict says push', async () => {
    await start();
    const seen: PushedRef[][] = [];
    let push = false;
    server.setVerdict(async (refs) => {
      seen.push([...refs]);
      return push;
    });
    const line = `refs/heads/main ${'a'.repeat(40)} refs/heads/main ${'0'.repeat(40)}\n`;
    expect(await hook(line, server.env)).toBe(1);
    push = true;
    expect(await hook(line, server.env)).toBe(0);
    expect(seen).toEqual([
      [
        {
          localRef: 'refs/heads/main',
          localSha: 'a'.repeat(40),
          remoteRef: 'refs/heads/main',
          remoteSha: '0'.repeat(40),
        },
      ],
      [
        {
          localRef: 'refs/heads/main',
          localSha: 'a'.repeat(40),
          remoteRef: 'refs/heads/main',
          remoteSha: '0'.repeat(40),
        },
      ],
    ]);
    // Without the nonce the verdict is never asked, and git is stopped.
    const socketOnly = { FORGEKEEPER_CREDENTIAL_SOCKET: server.env.FORGEKEEPER_CREDENTIAL_SOCKET ?? '' };
    expect(await hook(line, socketOnly)).toBe(1);
    expect(seen).toHaveLength(2);
  });
});

/** Runs our pre-push hook as git would: refs on stdin; resolves with its exit code. */
function hook(input: string, env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(dir, 'hooks', 'pre-push'),
      ['origin', 'https://gitlab.example.com/group/repo.git'],
      {
        env: gitEnv({ HOME: dir, ...env }),
      },
    );
    child.on('error', reject);
    child.on('close', resolve);
    child.stdin.end(input);
  });
}
