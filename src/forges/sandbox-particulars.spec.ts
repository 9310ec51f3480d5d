import { describe, expect, it } from 'vitest';
import { ACTIVE_TOKEN, useForgeSandbox } from './sandbox-fixture.js';

/*
 * What only one forge does, checked through the sandbox forges; the behaviour all adapters share is
 * in contract.spec.ts.
 */

const { control, createToken, adapterFor } = useForgeSandbox();

describe('forge particulars through the sandbox (forges.md §1.3, §2.3, §3.4)', () => {
  it('GitHub fine-grained: account, scopes null (not introspectable)', async () => {
    const { token } = await createToken({
      forge: 'github',
      kind: 'fine-grained',
      login: 'octo',
      permissions: { contents: 'write' },
    });
    const result = await adapterFor('github').adapter.inspect(token, 'fine-grained');
    expect(result).toMatchObject({
      ok: true,
      value: { kind: 'fine-grained', account: { login: 'octo' }, scopes: null },
    });
  });

  it('GitHub classic with no scopes: [] (header present, empty)', async () => {
    const { token } = await createToken({ forge: 'github', kind: 'classic', login: 'octo', scopes: [] });
    const result = await adapterFor('github').adapter.inspect(token, 'classic');
    expect(result).toMatchObject({ ok: true, value: { scopes: [] } });
  });

  it.each([
    ['primary 403', { status: 403 }],
    ['primary 429', { status: 429 }],
    ['secondary', { variant: 'secondary' }],
  ])('GitHub rate limit (%s) → rate_limited, not a credentials error', async (_name, fault) => {
    const { token } = await createToken(ACTIVE_TOKEN.github);
    await control('POST', '/faults', { forge: 'github', type: 'rate_limit', ...fault });
    const result = await adapterFor('github').adapter.inspect(token, 'classic');
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', details: { retryAt: expect.any(String) } },
    });
  });

  it('GitLab: a token without an API scope (read_repository) is still valid, with what is knowable', async () => {
    const { token } = await createToken({
      forge: 'gitlab',
      kind: 'personal',
      login: 'octo',
      scopes: ['read_repository'],
    });
    const result = await adapterFor('gitlab').adapter.inspect(token, 'personal');
    // forges.md §2.3 leaves open which scope /self needs: either it answers (scopes known) or the
    // adapter falls back (scopes null). Either way: valid, and /user refuses, so no username.
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([['read_repository'], null]).toContainEqual(result.value.scopes);
    expect(result.value.account?.login ?? '').toBe('');
    expect(result.value.extra.note).toMatch(/GitLab refused/);
  });

  it('GitLab: token name and last use (ISO)', async () => {
    const { token } = await createToken({
      forge: 'gitlab',
      kind: 'personal',
      login: 'octo',
      scopes: ['read_api'],
      name: 'deploy bot',
      lastUsedAt: '2026-10-01T10:00:00Z',
    });
    const result = await adapterFor('gitlab').adapter.inspect(token, 'personal');
    expect(result).toMatchObject({
      ok: true,
      value: { scopes: ['read_api'], extra: { name: 'deploy bot' } },
    });
    // GitLab refreshes last_used_at on use (about every 10 minutes, forges.md §2.3): at least the stored value.
    const lastUsedAt = result.ok ? result.value.lastUsedAt : null;
    expect(Date.parse(String(lastUsedAt))).toBeGreaterThanOrEqual(Date.parse('2026-10-01T10:00:00Z'));
  });

  it('GitLab: a legacy-format token works the same', async () => {
    const { token } = await createToken({
      forge: 'gitlab',
      kind: 'personal',
      login: 'octo',
      scopes: ['api'],
      format: 'legacy',
    });
    expect(await adapterFor('gitlab').adapter.inspect(token, 'personal')).toMatchObject({ ok: true });
  });

  it('Bitbucket access token: valid, not a user, scopes and credential type', async () => {
    const { token } = await createToken({
      forge: 'bitbucket',
      kind: 'access_token',
      login: 'octo',
      scopes: ['repository', 'pullrequest:write'],
    });
    const result = await adapterFor('bitbucket').adapter.inspect(token, 'access_token');
    expect(result).toMatchObject({
      ok: true,
      value: {
        account: null,
        scopes: ['repository', 'pullrequest:write'],
        extra: { credentialType: 'repo_access_token' },
      },
    });
  });

  it('Bitbucket API token with a username instead of the email: bad_credentials naming the email', async () => {
    const { token } = await createToken(ACTIVE_TOKEN.bitbucket);
    const result = await adapterFor('bitbucket').adapter.inspect(token, 'api_token', { email: 'octo' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'bad_credentials', message: expect.stringMatching(/email/) },
    });
  });

  it('Bitbucket API token without read:user:bitbucket: valid, account unknown, scopes known', async () => {
    const { token } = await createToken({
      forge: 'bitbucket',
      kind: 'api_token',
      login: 'octo',
      email: 'octo@example.com',
      scopes: ['read:repository:bitbucket'],
    });
    const result = await adapterFor('bitbucket').adapter.inspect(token, 'api_token', {
      email: 'octo@example.com',
    });
    expect(result).toMatchObject({
      ok: true,
      value: { account: null, scopes: ['read:repository:bitbucket'] },
    });
  });

  it('Bitbucket API token created without scopes: 401 bad_credentials (forges.md §3.1 gotcha)', async () => {
    const { token } = await createToken({ ...ACTIVE_TOKEN.bitbucket, scopes: [] });
    const result = await adapterFor('bitbucket').adapter.inspect(token, 'api_token', {
      email: 'octo@example.com',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'bad_credentials', message: expect.stringMatching(/without Bitbucket scopes/) },
    });
  });

  it('Bitbucket app password (removed 2026-07-28): app_password_removed', async () => {
    const { token } = await createToken({ forge: 'bitbucket', kind: 'app_password', login: 'octo' });
    const result = await adapterFor('bitbucket').adapter.inspect(token, 'app_password', { email: 'octo' });
    expect(result).toMatchObject({ ok: false, error: { code: 'app_password_removed' } });
  });
});
