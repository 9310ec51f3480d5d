import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningAgent, startAgent } from '../src/git/credential/agent-server.js';
import { MAX_INPUT_BYTES } from '../src/git/credential/protocol.js';
import { runProcess } from '../src/sandbox/git/git-client-fixture.js';
import { bitbucketApiToken, githubClassic, gitlabPersonal } from '../src/sandbox/testing/factories.js';
import { useSandbox } from '../src/sandbox/testing/sandbox-fixture.js';
import { addGitRule } from '../src/services/git-rules/index.js';
import { openVault, type Vault } from '../src/services/vault/index.js';
import { TEST_ADAPTER } from '../src/services/vault/testing/vault-target.js';
import { LOCAL_OWNER_ID } from '../src/store/index.js';
import {
  cleanEnv,
  git,
  HELPER,
  helper,
  requestFor,
  requireBuiltHelper,
  roundTrip,
  storeToken,
  tempDir,
} from './git-helper-fixture.js';
import { findLeaks } from './support/leaks.js';

/** The git credential helper in local mode, against real git and the sandbox's git hosting. */
const context = useSandbox();
const DAY = 24 * 60 * 60 * 1000;
const BUCKY = {
  email: 'bucky@example.com',
  scopes: ['read:user:bitbucket', 'read:repository:bitbucket', 'write:repository:bitbucket'],
};

describe('git credential helper: local mode', () => {
  let vault: Vault;
  let agent: RunningAgent;
  let env: Record<string, string>;
  let dataDir: string;
  let clockMs = Date.now();
  const secrets: string[] = [];

  beforeAll(requireBuiltHelper);

  beforeEach(async () => {
    clockMs = Date.now();
    dataDir = tempDir('fk-git-data-');
    const opened = await openVault({ dataDir, env: {}, adapter: TEST_ADAPTER, now: () => new Date(clockMs) });
    if (!opened.ok) throw new Error(opened.error.message);
    vault = opened.value;
    const socketPath = `${tempDir('fk-agent-')}/agent.sock`;
    const started = await startAgent({ vault, socketPath, dataDir });
    if (!started.ok) throw new Error(started.error.message);
    agent = started.value;
    env = cleanEnv({ FORGEKEEPER_DATA_DIR: dataDir, FORGEKEEPER_AGENT_SOCK: socketPath });
  });

  afterEach(async () => {
    await agent.close();
    await vault.close();
  });

  const remember = <T extends { token: string }>(stored: T): T => {
    secrets.push(stored.token);
    return stored;
  };

  it('clones, pushes and fetches through the helper on GitHub, GitLab and Bitbucket', async () => {
    const { sandbox } = context;
    remember(await storeToken(vault, sandbox, githubClassic({ login: 'octo', scopes: ['repo'] })));
    remember(await storeToken(vault, sandbox, gitlabPersonal({ login: 'tanuki', scopes: ['api'] })));
    remember(
      await storeToken(vault, sandbox, bitbucketApiToken({ login: 'bucky', ...BUCKY }), {
        email: BUCKY.email,
      }),
    );
    for (const [forge, creator] of [
      ['github', 'octo'],
      ['gitlab', 'tanuki'],
      ['bitbucket', 'bucky'],
    ] as const) {
      const repo = await sandbox.control.createRepo({ forge, creator, name: `app-${forge}`, private: true });
      await roundTrip(repo.cloneUrl ?? '', env);
    }
    // Every token git got was lent through withToken: audited as uses, with the repository.
    const audit = await vault.audit(LOCAL_OWNER_ID, { action: 'use', limit: 50 });
    if (!audit.ok) throw new Error(audit.error.message);
    expect(audit.value.items.length).toBeGreaterThanOrEqual(6);
    expect(
      audit.value.items.every((event) => event.actor === 'git' && event.target?.startsWith('git http://')),
    ).toBe(true);
    expect(findLeaks(JSON.stringify(audit.value.items), secrets)).toEqual([]);
  });

  it('opens the vault itself when no agent runs', async () => {
    const { sandbox } = context;
    remember(
      await storeToken(
        vault,
        sandbox,
        gitlabPersonal({ login: 'tanuki', scopes: ['write_repository', 'read_user'] }),
      ),
    );
    const repo = await sandbox.control.createRepo({
      forge: 'gitlab',
      creator: 'tanuki',
      name: 'solo',
      private: true,
    });
    const alone = { ...env, FORGEKEEPER_AGENT_SOCK: `${tempDir('fk-no-agent-')}/none.sock` };
    const answer = await helper('get', requestFor(repo.cloneUrl ?? ''), alone);
    expect(answer).toMatchObject({ code: 0, stderr: '' });
    expect(answer.stdout).toMatch(
      /^protocol=http\nhost=127\.0\.0\.1:\d+\npath=gitlab\/tanuki\/solo\.git\nusername=oauth2\npassword=glpat-/,
    );
    await roundTrip(repo.cloneUrl ?? '', alone);
  });

  it('chooses between two accounts on one host by the repository owner’s rule', async () => {
    const { sandbox } = context;
    const octo = remember(
      await storeToken(vault, sandbox, githubClassic({ login: 'octo', scopes: ['repo'] }), { label: 'octo' }),
    );
    const hubot = remember(
      await storeToken(vault, sandbox, githubClassic({ login: 'hubot', scopes: ['repo'] }), {
        label: 'hubot',
      }),
    );
    const mine = await sandbox.control.createRepo({
      forge: 'github',
      creator: 'octo',
      name: 'mine',
      private: true,
    });
    const theirs = await sandbox.control.createRepo({
      forge: 'github',
      creator: 'hubot',
      name: 'theirs',
      private: true,
    });
    // Without a rule the host's default (the first token) is used: hubot's private repository is not found.
    const denied = await git(['clone', theirs.cloneUrl ?? '', 'x'], { env, cwd: tempDir('fk-clone-') });
    expect(denied.code).not.toBe(0);

    const host = new URL(theirs.cloneUrl ?? '').host;
    for (const [owner, token] of [
      ['octo', octo],
      ['hubot', hubot],
    ] as const) {
      const added = await addGitRule(vault, {
        ownerId: LOCAL_OWNER_ID,
        pattern: `${host}/github/${owner}/*`,
        tokenId: token.id,
        actor: 'test',
      });
      expect(added.ok).toBe(true);
    }
    await roundTrip(mine.cloneUrl ?? '', env);
    await roundTrip(theirs.cloneUrl ?? '', env);
    const pushers = (await sandbox.control.requests({ forge: 'github' })).requests;
    expect(pushers.length).toBeGreaterThan(0);

    // Without the path (useHttpPath off) owner rules cannot apply; the default answers.
    const blind = await helper('get', `protocol=http\nhost=${host}\n\n`, env);
    expect(blind.stdout).toContain(`password=${octo.token}`);
    // A username git already has that names one of the accounts picks that account.
    const named = await helper('get', `protocol=http\nhost=${host}\nusername=hubot\n\n`, env);
    expect(named.stdout).toContain('username=hubot\n');
    expect(named.stdout).toContain(`password=${hubot.token}`);
  });

  it('sends the expiry, and never offers a token past it: git asks its next helper', async () => {
    const { sandbox } = context;
    const expiresAt = new Date(Date.now() + 2 * DAY);
    remember(
      await storeToken(
        vault,
        sandbox,
        githubClassic({ login: 'octo', scopes: ['repo'], expiresAt: expiresAt.toISOString() }),
      ),
    );
    const repo = await sandbox.control.createRepo({
      forge: 'github',
      creator: 'octo',
      name: 'soon',
      private: true,
    });
    const url = repo.cloneUrl ?? '';
    const fresh = await helper('get', requestFor(url), env);
    expect(fresh.stdout).toContain(`password_expiry_utc=${Math.floor(expiresAt.getTime() / 1000)}\n`);

    clockMs = Date.now() + 3 * DAY;
    expect((await helper('get', requestFor(url), env)).stdout).toBe('');
    const fallback =
      '!f() { test "$1" = get || exit 0; echo username=next; echo password=from-the-next-helper; }; f';
    const viaGit = await runProcess(
      'git',
      [
        '-c',
        'credential.helper=',
        '-c',
        `credential.helper=${HELPER}`,
        '-c',
        `credential.helper=${fallback}`,
        '-c',
        'credential.useHttpPath=true',
        'credential',
        'fill',
      ],
      { env, input: `url=${url}\n\n` },
    );
    expect(viaGit.code, viaGit.stderr).toBe(0);
    expect(viaGit.stdout).toContain('username=next\npassword=from-the-next-helper\n');
  });

  it('handles the protocol’s edge cases: CRLF, url=, unknown attributes, capabilities, oversized and empty input', async () => {
    const { sandbox } = context;
    const stored = remember(
      await storeToken(vault, sandbox, githubClassic({ login: 'octo', scopes: ['repo'] })),
    );
    const repo = await sandbox.control.createRepo({
      forge: 'github',
      creator: 'octo',
      name: 'edges',
      private: true,
    });
    const url = repo.cloneUrl ?? '';
    const { host, pathname } = new URL(url);

    const crlf = await helper(
      'get',
      `protocol=http\r\nhost=${host}\r\npath=${pathname.slice(1)}\r\n\r\n`,
      env,
    );
    expect(crlf.stdout).toContain(`password=${stored.token}\n`);
    const viaUrl = await helper(
      'get',
      `url=${url}\nwwwauth[]=Basic realm="GitHub"\nfuture_attribute=1\n\n`,
      env,
    );
    expect(viaUrl).toMatchObject({ code: 0, stderr: '' });
    expect(viaUrl.stdout).toContain(
      `path=${pathname.slice(1)}\nusername=x-access-token\npassword=${stored.token}\n`,
    );
    const noNewline = await helper('get', `protocol=http\nhost=${host}`, env);
    expect(noNewline.stdout).toContain(`password=${stored.token}`);

    // git ≥ 2.46 announces capabilities: state comes back first, and names the token for store/erase.
    const capable = await helper('get', `capability[]=authtype\ncapability[]=state\n${requestFor(url)}`, env);
    expect(capable.stdout.split('\n')[0]).toBe('capability[]=state');
    expect(capable.stdout).toContain(`state[]=forgekeeper:token=${stored.id}\n`);
    expect(capable.stdout).not.toContain('authtype=');

    const oversized = await helper(
      'get',
      `protocol=http\nhost=${host}\nnote=${'x'.repeat(MAX_INPUT_BYTES)}\n\n`,
      env,
    );
    expect(oversized).toMatchObject({ code: 0, stdout: '' });
    expect(oversized.stderr.trim().split('\n')).toHaveLength(1);
    expect(oversized.stderr).toContain('64 KiB');
    for (const input of ['', '\n', 'not a credential\n\n', `host=${host}\n\n`]) {
      const nothing = await helper('get', input, env);
      expect(nothing, JSON.stringify(input)).toMatchObject({ code: 0, stdout: '' });
      expect(nothing.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
    }
    expect(await helper('frobnicate', requestFor(url), env)).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(await helper('get', 'protocol=https\nhost=unknown.example\n\n', env)).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('store keeps a credential git approved that the vault lacks, once; erase marks a vault token suspect and re-checks it', async () => {
    const { sandbox } = context;
    const repo = await sandbox.control.createRepo({
      forge: 'gitlab',
      creator: 'tanuki',
      name: 'kept',
      private: true,
    });
    // The sandbox is a forge the vault knows by name (hosts add), so git's host maps to it.
    expect(
      (await vault.addHost({ forge: 'gitlab', apiUrl: sandbox.urls.gitlab.api, name: 'sandbox-gitlab' })).ok,
    ).toBe(true);
    const issued = await sandbox.control.createToken(gitlabPersonal({ login: 'tanuki', scopes: ['api'] }));
    secrets.push(issued.token);
    const approve = `${requestFor(repo.cloneUrl ?? '').trimEnd()}\nusername=oauth2\npassword=${issued.token}\n\n`;
    expect(await helper('store', approve, env)).toMatchObject({ code: 0, stdout: '' });
    const listed = await vault.list(LOCAL_OWNER_ID);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value).toHaveLength(1);
    expect(listed.value[0]).toMatchObject({
      forge: 'gitlab',
      status: 'active',
      account: { login: 'tanuki' },
    });
    const id = listed.value[0]?.id ?? '';
    // Approving it again (git stores every credential that worked) adds nothing.
    expect(await helper('store', approve, env)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect((await vault.list(LOCAL_OWNER_ID)).ok && (await vault.list(LOCAL_OWNER_ID))).toMatchObject({
      value: [{ id }],
    });

    // The forge revokes it; git's reject marks it suspect (not deleted) and a re-check finds it revoked.
    await sandbox.control.updateToken(issued.id, { state: 'revoked' });
    expect(await helper('erase', approve, env)).toMatchObject({ code: 0, stdout: '' });
    const deadline = Date.now() + 10_000;
    let status = '';
    while (Date.now() < deadline) {
      const shown = await vault.show(LOCAL_OWNER_ID, id);
      status = shown.ok ? shown.value.status : 'missing';
      if (status === 'invalid') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('invalid');
    const events = await vault.audit(LOCAL_OWNER_ID, { tokenId: id, limit: 50 });
    expect(events.ok && events.value.items.map((event) => event.action)).toEqual(
      expect.arrayContaining(['add', 'git-reject', 'check']),
    );
    // A credential that is not in the vault is nothing to erase.
    expect(
      await helper(
        'erase',
        `${requestFor(repo.cloneUrl ?? '').trimEnd()}\nusername=u\npassword=not-in-the-vault\n\n`,
        env,
      ),
    ).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});
