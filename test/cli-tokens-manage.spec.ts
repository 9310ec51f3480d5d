import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/sandbox/index.js';
import { addFault, clearFaults, getToken } from './support/sandbox-control.js';
import { addToken, runCliOnTty, vaultCli } from './support/vault-cli.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface Rotated {
  record: { id: string; label: string; mask: string; expiresAt: string | null; status: string };
  method: 'forge' | 'supplied';
  oldToken: { type: string };
}

describe('forgekeeper tokens rotate', () => {
  it('rotates a GitLab token through its API into the same record', async () => {
    const cli = vaultCli(sandbox);
    const issued = await cli.issue({
      forge: 'gitlab',
      kind: 'personal',
      login: 'tanuki',
      expiresAt: inDays(5),
    });
    const record = await addToken(cli, issued.token, [
      '--forge',
      'gitlab',
      '--api-url',
      sandbox.urls.gitlab.api,
      '--label',
      'lab',
    ]);
    const expiresOn = inDays(60);
    const human = await cli.run(['tokens', 'rotate', 'lab', '--expires-at', expiresOn]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Rotated (GitLab made the new token): Token ${record.id} "lab"`);
    expect(human.stdout).toContain(`expires ${expiresOn}`);
    expect(human.stdout).toContain('GitLab revoked the old token.');
    expect((await getToken(sandbox.urls.control, issued.id)).status).toBe('revoked');

    // Without --expires-at GitLab picks the expiry (a week): the new token reads as expiring.
    const again = await cli.run(['tokens', 'rotate', 'lab', '--json']);
    const rotated = JSON.parse(again.stdout) as Rotated;
    expect(rotated).toMatchObject({
      method: 'forge',
      record: { id: record.id, label: 'lab' },
      oldToken: { type: 'revoked' },
    });
    expect(rotated.record.mask).not.toBe(record.mask);
  });

  it('replaces a GitHub token by one given in --token-env, revokes the old one, refuses another account', async () => {
    const cli = vaultCli(sandbox);
    const old = await cli.issue({ forge: 'github', kind: 'classic', login: 'octo', scopes: ['repo'] });
    const next = await cli.issue({
      forge: 'github',
      kind: 'classic',
      login: 'octo',
      scopes: ['repo', 'workflow'],
    });
    const stranger = await cli.issue({
      forge: 'github',
      kind: 'classic',
      login: 'someone-else',
      scopes: ['repo'],
    });
    const record = await addToken(cli, old.token, [
      '--forge',
      'github',
      '--api-url',
      sandbox.urls.github.api,
      '--label',
      'main',
    ]);

    const none = await cli.run(['tokens', 'rotate', 'main']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('GitHub cannot make a new token through its API: give the new token.');

    const refused = await cli.run(['tokens', 'rotate', 'main'], { stdin: stranger.token });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error [conflict]: The new token belongs to someone-else');

    const dated = await cli.run(['tokens', 'rotate', 'main', '--expires-at', '2030-01-01'], {
      stdin: next.token,
    });
    expect(dated.code).toBe(2);
    expect(dated.stderr).toContain('--expires-at applies only when GitLab makes the new token');

    const run = await cli.run(
      ['tokens', 'rotate', 'main', '--revoke-old', '--token-env', 'NEW_TOKEN', '--json'],
      {
        env: { NEW_TOKEN: next.token },
      },
    );
    expect(run.code).toBe(0);
    const rotated = JSON.parse(run.stdout) as Rotated;
    expect(rotated).toMatchObject({ method: 'supplied', record: { id: record.id, label: 'main' } });
    expect(rotated.record.mask).not.toBe(record.mask);
    expect(rotated.oldToken.type).toBe('revoked');
    expect((await getToken(sandbox.urls.control, old.id)).status).toBe('revoked');
  });
});

describe('forgekeeper tokens remove', () => {
  it('removes with --revoke --yes: GitLab revokes at the forge; Bitbucket prints where to do it by hand', async () => {
    const cli = vaultCli(sandbox);
    const gitlab = await cli.issue({ forge: 'gitlab', kind: 'personal', login: 'tanuki' });
    const bitbucket = await cli.issue({
      forge: 'bitbucket',
      kind: 'api_token',
      login: 'bucky',
      email: 'bucky@example.com',
      scopes: ['read:user:bitbucket'],
    });
    await addToken(cli, gitlab.token, [
      '--forge',
      'gitlab',
      '--api-url',
      sandbox.urls.gitlab.api,
      '--label',
      'lab',
    ]);
    await addToken(cli, bitbucket.token, [
      '--forge',
      'bitbucket',
      '--api-url',
      sandbox.urls.bitbucket.api,
      '--email',
      'bucky@example.com',
      '--label',
      'bb',
    ]);

    const manual = await cli.run(['tokens', 'remove', 'bb', '--revoke', '--yes']);
    expect(manual.code).toBe(0);
    expect(manual.stdout).toContain('Removed token');
    expect(manual.stdout).toContain(
      'Revoke the token by hand: Bitbucket cannot revoke API tokens through its API.',
    );
    expect(manual.stdout).toContain('https://id.atlassian.com/manage-profile/security/api-tokens');

    await addFault(sandbox.urls.control, { forge: 'gitlab', type: 'status', status: 503 });
    try {
      const down = await cli.run(['tokens', 'remove', 'lab', '--revoke', '--yes']);
      expect(down.code).toBe(3);
      expect(down.stderr).toContain('The token was not revoked and is still stored.');
    } finally {
      await clearFaults(sandbox.urls.control);
    }
    const revoked = await cli.run(['tokens', 'remove', 'lab', '--revoke', '--yes', '--json']);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({
      revocation: { type: 'revoked', outcome: 'revoked' },
    });
    expect((await getToken(sandbox.urls.control, gitlab.id)).status).toBe('revoked');
    const left = await cli.run(['tokens', 'list', '--json']);
    expect(JSON.parse(left.stdout)).toHaveLength(0);
  });

  it('asks first: without a terminal --yes is required (exit 2); on one, anything but yes keeps it', async () => {
    const cli = vaultCli(sandbox);
    const issued = await cli.issue({ forge: 'github', kind: 'classic', login: 'octo', scopes: ['repo'] });
    await addToken(cli, issued.token, [
      '--forge',
      'github',
      '--api-url',
      sandbox.urls.github.api,
      '--label',
      'main',
    ]);
    const refused = await cli.run(['tokens', 'remove', 'main']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'Removing a token needs confirmation, and there is no terminal to ask on.',
    );
    expect(refused.stderr).toContain('--yes');

    const declined = await runCliOnTty(cli, ['tokens', 'remove', 'main'], { keys: 'n\r' });
    expect(declined.stdout).toMatch(/Remove token \S+ "main" \(github\/127\.0\.0\.1:\d+, octo\)\? \[y\/N\]/);
    expect(declined.stdout).toContain('Nothing was removed.');
    expect(declined.code).toBe(1);
    const accepted = await runCliOnTty(cli, ['tokens', 'remove', 'main'], { keys: 'y\r' });
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('Removed token');
    expect(JSON.parse((await cli.run(['tokens', 'list', '--json'])).stdout)).toEqual([]);
  });
});
