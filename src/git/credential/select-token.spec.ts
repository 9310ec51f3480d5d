import { describe, expect, it } from 'vitest';
import type { TokenView } from '../../services/vault/index.js';
import type { GitRule } from '../../store/index.js';
import { locationOf, targetOf } from './git-location.js';
import { type Candidate, selectToken } from './select-token.js';
import { gitUsername } from './usernames.js';

const NOW = new Date('2026-11-22T12:00:00Z');

function token(id: string, overrides: Partial<TokenView> = {}): TokenView {
  return {
    id,
    ownerId: 'local',
    forge: 'github',
    apiUrl: 'https://api.github.com',
    label: id,
    account: { id: '1', login: id, name: null },
    email: null,
    kind: 'classic',
    scopes: ['repo'],
    expiresAt: null,
    lastCheckedAt: null,
    lastUsedAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    mask: 'ghp_…abcd',
    isDefault: false,
    status: 'active',
    statusCode: null,
    daysLeft: null,
    ...overrides,
  };
}

const at = (view: TokenView, webUrl: string): Candidate => ({ token: view, location: locationOf(webUrl) });
const rule = (pattern: string, tokenId: string): GitRule => ({
  id: pattern,
  ownerId: 'local',
  pattern,
  tokenId,
  createdAt: '2026-01-01T00:00:00Z',
});

function pick(
  url: string,
  candidates: Candidate[],
  rules: GitRule[] = [],
  options: { path?: boolean; username?: string } = {},
) {
  const parsed = new URL(url);
  const path = options.path === false ? null : parsed.pathname.slice(1);
  return selectToken({
    target: targetOf(parsed.protocol.slice(0, -1), parsed.host, path),
    username: options.username ?? null,
    candidates,
    rules,
    now: NOW,
  });
}

describe('choosing a token for git', () => {
  const work = token('work', { isDefault: true });
  const personal = token('personal');
  const github = [at(work, 'https://github.com'), at(personal, 'https://github.com')];

  it('prefers the most specific matching rule, then the default', () => {
    const rules = [rule('github.com/*', 'work'), rule('github.com/me/*', 'personal')];
    expect(pick('https://github.com/me/dotfiles.git', github, rules)).toMatchObject({
      token: { id: 'personal' },
      reason: 'rule',
    });
    expect(pick('https://github.com/acme/app.git', github, rules)).toMatchObject({
      token: { id: 'work' },
      reason: 'rule',
    });
    expect(pick('https://github.com/acme/app.git', github)).toMatchObject({
      token: { id: 'work' },
      reason: 'default',
    });
  });

  it('without a path applies host rules and the default only', () => {
    const rules = [rule('github.com/me/*', 'personal')];
    const chosen = pick('https://github.com/me/dotfiles.git', github, rules, { path: false });
    expect(chosen).toMatchObject({ token: { id: 'work' }, reason: 'default' });
    expect(chosen.steps.join(' ')).toContain('useHttpPath');
    expect(
      pick('https://github.com/x', github, [rule('github.com', 'personal')], { path: false }),
    ).toMatchObject({ token: { id: 'personal' } });
  });

  it('prefers the account git named, and takes the only token of a host', () => {
    expect(pick('https://github.com/x/y', github, [], { username: 'PERSONAL' })).toMatchObject({
      token: { id: 'personal' },
      reason: 'username',
    });
    expect(pick('https://github.com/x/y', github, [], { username: 'x-access-token' })).toMatchObject({
      token: { id: 'work' },
      reason: 'default',
    });
    expect(pick('https://github.com/x/y', [at(personal, 'https://github.com')])).toMatchObject({
      token: { id: 'personal' },
      reason: 'only',
    });
  });

  it('gives nothing for an unknown host, or for several tokens without rule or default', () => {
    expect(pick('https://gitlab.com/x/y', github).token).toBeNull();
    const two = [at(token('a'), 'https://github.com'), at(token('b'), 'https://github.com')];
    const none = pick('https://github.com/x/y', two);
    expect(none.token).toBeNull();
    expect(none.steps.at(-1)).toContain('no default');
  });

  it('never offers an expired or dead token, and does not fall back to another account', () => {
    const expired = token('old', { expiresAt: '2026-11-01T00:00:00Z', isDefault: true });
    expect(pick('https://github.com/x/y', [at(expired, 'https://github.com')]).token).toBeNull();
    const rules = [rule('github.com/me/*', 'personal')];
    const dead = [
      at(work, 'https://github.com'),
      at(token('personal', { status: 'invalid' }), 'https://github.com'),
    ];
    const refused = pick('https://github.com/me/x', dead, rules);
    expect(refused).toMatchObject({ token: null, reason: 'rule' });
    expect(refused.steps.join(' ')).toContain('is invalid');
  });

  it('tells forges apart under path prefixes on one host:port (the sandbox), given the path', () => {
    const base = 'http://127.0.0.1:8700';
    const forges = [
      at(token('gh', { isDefault: true }), `${base}/github`),
      at(token('gl', { forge: 'gitlab', kind: 'personal', isDefault: true }), `${base}/gitlab`),
      at(token('bb', { forge: 'bitbucket', kind: 'api_token', isDefault: true }), `${base}/bitbucket`),
    ];
    expect(pick(`${base}/gitlab/group/sub/app.git`, forges)).toMatchObject({ token: { id: 'gl' } });
    expect(pick(`${base}/bitbucket/ws/app.git`, forges)).toMatchObject({ token: { id: 'bb' } });
    expect(pick(`${base}/other/x.git`, forges).token).toBeNull();
    const blind = pick(`${base}/github/o/r.git`, forges, [], { path: false });
    expect(blind.token).toBeNull();
    expect(blind.steps.at(-1)).toContain('useHttpPath');
    expect(pick(`${base}/github/o/r.git`, forges, [rule('127.0.0.1:8700/github/o/*', 'gh')])).toMatchObject({
      reason: 'rule',
      token: { id: 'gh' },
    });
  });
});

describe('git usernames (forges.md §0)', () => {
  it('uses what each forge and token kind expects, or the account git named', () => {
    expect(gitUsername('github', 'classic', 'octo', null)).toBe('x-access-token');
    expect(gitUsername('github', 'classic', 'octo', 'Octo')).toBe('Octo');
    expect(gitUsername('gitlab', 'personal', 'tanuki', null)).toBe('oauth2');
    expect(gitUsername('bitbucket', 'api_token', 'bucky', null)).toBe('x-bitbucket-api-token-auth');
    expect(gitUsername('bitbucket', 'api_token', 'bucky', 'bucky')).toBe('bucky');
    expect(gitUsername('bitbucket', 'access_token', 'repo-bot', 'someone')).toBe('x-token-auth');
    expect(gitUsername('bitbucket', 'app_password', 'bucky', null)).toBe('bucky');
    expect(gitUsername('bitbucket', 'app_password', null, null)).toBeNull();
  });
});
