import { statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vault } from '../../services/vault/index.js';
import { makeSqliteVaultTarget, type VaultTarget } from '../../services/vault/testing/vault-target.js';
import { askAgent, NO_AGENT } from './agent-client.js';
import { agentSocketPath } from './agent-paths.js';
import { startAgent } from './agent-server.js';

describe('the local agent', () => {
  let target: VaultTarget;
  let vault: Vault;
  beforeAll(async () => {
    target = await makeSqliteVaultTarget();
    vault = await target.open();
  });
  afterAll(async () => {
    await vault.close();
    await target.dispose();
  });

  it('listens on a 0600 socket in a 0700 directory, answers, refuses a second agent, and stops on request', async () => {
    const socketPath = join(await mkdtemp(join(tmpdir(), 'fk-agent-spec-')), 'run', 'agent.sock');
    const started = await startAgent({ vault, socketPath, dataDir: target.dataDir });
    if (!started.ok) throw new Error(started.error.message);
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(socketPath)).mode & 0o777).toBe(0o700);

    const query = { action: 'get', protocol: 'https', host: 'github.com', path: 'acme/app.git' };
    // An empty vault has nothing for git: a null reply, not an error.
    expect(await askAgent(socketPath, { query }, 5_000)).toEqual({ reply: null, note: null });
    expect(await askAgent(socketPath, { query: { action: 'steal' } }, 5_000)).toEqual({
      error: 'not a credential query',
    });
    expect(await askAgent(socketPath, { control: 'status' }, 5_000)).toMatchObject({
      status: { pid: process.pid, socketPath, answered: 1 },
    });
    const second = await startAgent({ vault, socketPath, dataDir: target.dataDir });
    expect(second.ok ? 'started' : second.error.code).toBe('conflict');

    expect(await askAgent(socketPath, { control: 'stop' }, 5_000)).toEqual({ stopping: true });
    await started.value.stopped;
    expect(await askAgent(socketPath, { control: 'status' }, 1_000)).toBe(NO_AGENT);
  });

  it('puts the socket beside the data, under XDG_RUNTIME_DIR per data directory, or where told', () => {
    expect(agentSocketPath({}, '/data')).toBe('/data/agent/agent.sock');
    const one = agentSocketPath({ XDG_RUNTIME_DIR: '/run/user/1000' }, '/data/one');
    const two = agentSocketPath({ XDG_RUNTIME_DIR: '/run/user/1000' }, '/data/two');
    expect(one).toMatch(/^\/run\/user\/1000\/forgekeeper\/agent-[0-9a-f]{8}\.sock$/);
    expect(one).not.toBe(two);
    expect(agentSocketPath({ FORGEKEEPER_AGENT_SOCK: '/tmp/x.sock' }, '/data')).toBe('/tmp/x.sock');
    expect(agentSocketPath({}, `/${'d'.repeat(120)}`)).toMatch(
      /^\/tmp\/forgekeeper-\d+\/agent-[0-9a-f]{8}\.sock$/,
    );
  });
});
