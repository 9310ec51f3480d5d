import { describe, expect, it } from 'vitest';
import { GITHUB_FINE_GRAINED_PERMISSIONS } from './github-scopes.js';
import { mergePermissions } from './permissions.js';
import { ATLASSIAN_API_TOKENS_URL, type TokenPageInput, tokenPageUrl } from './token-page.js';

function page(overrides: Partial<TokenPageInput>): string | null {
  return tokenPageUrl({ forge: 'github', kind: 'classic', webUrl: 'https://github.com', ...overrides });
}

describe('tokenPageUrl: GitHub classic', () => {
  it.each([
    ['https://github.com', 'https://github.com'],
    ['github.com', 'https://github.com'],
    ['https://github.com/', 'https://github.com'],
    ['https://ghe.example.com', 'https://ghe.example.com'],
    ['https://ghe.example.com:8443/', 'https://ghe.example.com:8443'],
    ['http://127.0.0.1:1234/github', 'http://127.0.0.1:1234/github'],
    ['http://127.0.0.1:1234/github/', 'http://127.0.0.1:1234/github'],
  ])('%s', (webUrl, base) => {
    expect(page({ webUrl, scopes: ['repo', 'workflow'] })).toBe(
      `${base}/settings/tokens/new?scopes=repo,workflow&description=Forgekeeper`,
    );
  });

  it('keeps colons literal and encodes the name', () => {
    expect(page({ scopes: ['write:repo_hook'], name: 'CI & deploy' })).toBe(
      'https://github.com/settings/tokens/new?scopes=write:repo_hook&description=CI+%26+deploy',
    );
  });

  it('leaves scopes out when there are none, and ignores a query on webUrl', () => {
    expect(page({ webUrl: 'https://github.com/?x=1#top' })).toBe(
      'https://github.com/settings/tokens/new?description=Forgekeeper',
    );
  });

  it('returns null for a webUrl that is not a URL', () => {
    expect(page({ webUrl: 'http://' })).toBeNull();
  });
});

describe('tokenPageUrl: GitHub fine-grained', () => {
  const permissions = mergePermissions(GITHUB_FINE_GRAINED_PERMISSIONS, [
    'push',
    'workflows',
    'pull-requests',
  ]);

  it('pre-fills name and permissions (Metadata is implicit)', () => {
    expect(page({ kind: 'fine-grained', permissions })).toBe(
      'https://github.com/settings/personal-access-tokens/new?name=Forgekeeper&contents=write&workflows=write&pull_requests=write',
    );
  });

  it('works on GHES and sandbox bases', () => {
    expect(page({ kind: 'fine-grained', webUrl: 'https://ghe.example.com', permissions: [] })).toBe(
      'https://ghe.example.com/settings/personal-access-tokens/new?name=Forgekeeper',
    );
    expect(page({ kind: 'fine-grained', webUrl: 'http://127.0.0.1:1234/github', permissions: [] })).toBe(
      'http://127.0.0.1:1234/github/settings/personal-access-tokens/new?name=Forgekeeper',
    );
  });

  it('cuts the name to the 40 characters GitHub accepts', () => {
    const url = new URL(page({ kind: 'fine-grained', name: 'x'.repeat(60) }) ?? '');
    expect(url.searchParams.get('name')).toBe('x'.repeat(40));
  });

  it('has no page for GitHub App tokens', () => {
    expect(page({ kind: 'app-installation' })).toBeNull();
    expect(page({ kind: 'app-user' })).toBeNull();
  });
});

describe('tokenPageUrl: GitLab', () => {
  it.each([
    ['https://gitlab.com', 'https://gitlab.com'],
    ['https://gitlab.example.com', 'https://gitlab.example.com'],
    ['https://example.com/gitlab', 'https://example.com/gitlab'],
    ['https://example.com/gitlab/', 'https://example.com/gitlab'],
    ['http://127.0.0.1:1234/gitlab', 'http://127.0.0.1:1234/gitlab'],
  ])('%s', (webUrl, base) => {
    expect(
      tokenPageUrl({ forge: 'gitlab', kind: 'personal', webUrl, scopes: ['api', 'write_repository'] }),
    ).toBe(`${base}/-/user_settings/personal_access_tokens?name=Forgekeeper&scopes=api,write_repository`);
  });

  it('has no page for kinds a person does not create there', () => {
    expect(tokenPageUrl({ forge: 'gitlab', kind: 'deploy', webUrl: 'https://gitlab.com' })).toBeNull();
  });
});

describe('tokenPageUrl: Bitbucket', () => {
  it('sends API tokens (and app passwords, which they replace) to id.atlassian.com', () => {
    for (const kind of ['api_token', 'app_password'] as const) {
      expect(tokenPageUrl({ forge: 'bitbucket', kind, webUrl: 'https://bitbucket.org', scopes: ['x'] })).toBe(
        ATLASSIAN_API_TOKENS_URL,
      );
    }
  });

  it('has no single page for access tokens: they live in each repository', () => {
    expect(
      tokenPageUrl({ forge: 'bitbucket', kind: 'access_token', webUrl: 'https://bitbucket.org' }),
    ).toBeNull();
  });
});
