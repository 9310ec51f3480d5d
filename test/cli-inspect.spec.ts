import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/sandbox/index.js';
import { runCli } from './support/cli.js';
import { addFault, clearFaults, issueToken } from './support/sandbox-control.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

const json = (stdout: string) =>
  JSON.parse(stdout) as Record<string, unknown> & { error: { code: string } | null };

describe('forgekeeper inspect (the built CLI against the sandbox forges)', () => {
  it('answers offline without any network call, from stdin', async () => {
    const { token } = await issueToken(sandbox.urls.control, {
      forge: 'github',
      kind: 'classic',
      login: 'octo',
    });
    const run = await runCli(['inspect', '--offline', '--forge', 'github', '--json'], {
      stdin: `  "${token}"\n`,
    });
    expect(run.code).toBe(0);
    const report = json(run.stdout);
    expect(report).toMatchObject({
      forge: 'github',
      kind: 'classic',
      checksum: 'valid',
      status: 'unverified',
    });
    expect(report.removed).toEqual(expect.arrayContaining(['quotes']));
  });

  it('reports a missing capability with the scope to add and the pre-filled token page, exit 1', async () => {
    const { token } = await issueToken(sandbox.urls.control, {
      forge: 'github',
      kind: 'classic',
      login: 'octo',
      scopes: ['repo'],
      expiresAt: '2099-01-01T00:00:00Z',
    });
    const args = [
      'inspect',
      '--forge',
      'github',
      '--api-url',
      sandbox.urls.github.api,
      '--require',
      'push,workflows',
    ];
    const run = await runCli([...args, '--json'], { stdin: token });
    expect(run.code).toBe(1);
    const report = json(run.stdout);
    expect(report).toMatchObject({
      status: 'insufficient_scope',
      account: { login: 'octo' },
      scopes: ['repo'],
      expiresAt: '2099-01-01T00:00:00.000Z',
      missing: ['workflows'],
      scopesToAdd: ['workflow'],
    });
    expect(report.capabilities).toMatchObject({ push: true, workflows: false });
    expect(String(report.tokenPageUrl)).toContain(`${sandbox.urls.github.web}/settings/tokens/new?`);

    const human = await runCli(args, { stdin: token });
    expect(human.stdout).toContain('✗ workflows');
    expect(human.stdout).toContain('✓ push');
  });

  it('takes the token from --token-env and exits 0 when every requirement is met', async () => {
    const { token } = await issueToken(sandbox.urls.control, {
      forge: 'gitlab',
      kind: 'personal',
      login: 'tanuki',
      scopes: ['api'],
    });
    const run = await runCli(
      [
        'inspect',
        '--forge',
        'gitlab',
        '--api-url',
        sandbox.urls.gitlab.api,
        '--token-env',
        'MY_TOKEN',
        '--json',
        '--require',
        'read,push',
      ],
      { env: { MY_TOKEN: token } },
    );
    expect(run.code).toBe(0);
    expect(json(run.stdout)).toMatchObject({
      forge: 'gitlab',
      status: 'active',
      account: { login: 'tanuki' },
    });
  });

  it('tells an expired GitLab token from a revoked one, and GitHub only as bad credentials', async () => {
    const cases = [
      { forge: 'gitlab', kind: 'personal', state: 'expired', scopes: ['api'], expected: 'token_expired' },
      { forge: 'gitlab', kind: 'personal', state: 'revoked', scopes: ['api'], expected: 'token_revoked' },
      { forge: 'github', kind: 'classic', state: 'expired', scopes: ['repo'], expected: 'bad_credentials' },
    ] as const;
    for (const item of cases) {
      const { expected: _expected, ...request } = item;
      const { token } = await issueToken(sandbox.urls.control, { ...request, login: 'someone' });
      const run = await runCli(
        ['inspect', '--forge', item.forge, '--api-url', sandbox.urls[item.forge].api, '--json'],
        {
          stdin: token,
        },
      );
      expect(run.code, item.expected).toBe(1);
      expect(json(run.stdout).status).toBe(item.expected);
    }
  });

  it('exits 3 when the forge is down, and never calls the token invalid', async () => {
    const { token } = await issueToken(sandbox.urls.control, {
      forge: 'github',
      kind: 'classic',
      login: 'octo',
    });
    await addFault(sandbox.urls.control, { forge: 'github', type: 'status', status: 503 });
    try {
      const run = await runCli(
        ['inspect', '--forge', 'github', '--api-url', sandbox.urls.github.api, '--json'],
        {
          stdin: token,
        },
      );
      expect(run.code).toBe(3);
      expect(json(run.stdout).status).toBe('forge_unreachable');
    } finally {
      await clearFaults(sandbox.urls.control);
    }
  });

  it('names the forge a token belongs to when given as another', async () => {
    const { token } = await issueToken(sandbox.urls.control, {
      forge: 'gitlab',
      kind: 'personal',
      login: 'tanuki',
    });
    const run = await runCli(['inspect', '--forge', 'github', '--json'], { stdin: token });
    expect(run.code).toBe(1);
    const report = json(run.stdout);
    expect(report.status).toBe('wrong_forge');
    expect(report.error?.code).toBe('wrong_forge');
    expect(JSON.stringify(report.error)).toContain('GitLab');
  });

  it('refuses bad invocations with exit 2 and a clear message', async () => {
    const empty = await runCli(['inspect', '--forge', 'github'], { stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stdout).toContain('invalid_input');

    const capability = await runCli(['inspect', '--forge', 'github', '--require', 'fly'], { stdin: 'x' });
    expect(capability.code).toBe(2);
    expect(capability.stderr).toContain('Unknown capability: fly');

    const argv = await runCli(['inspect', '--forge', 'github', 'ghp_notatoken'], { stdin: '' });
    expect(argv.code).toBe(2);
    expect(argv.stderr).not.toContain('ghp_notatoken');
  });

  it('reports a Bitbucket app password as removed, before any network call', async () => {
    const { token } = await issueToken(sandbox.urls.control, {
      forge: 'bitbucket',
      kind: 'app_password',
      login: 'bb',
    });
    const run = await runCli(
      ['inspect', '--forge', 'bitbucket', '--api-url', 'http://127.0.0.1:9/2.0', '--json'],
      {
        stdin: token,
      },
    );
    expect(run.code).toBe(1);
    expect(json(run.stdout).status).toBe('app_password_removed');
  });
});
