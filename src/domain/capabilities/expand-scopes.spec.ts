import { describe, expect, it } from 'vitest';
import type { ForgeId } from '../forge.js';
import type { TokenKind } from '../token-kind.js';
import { expandScopes } from './expand-scopes.js';

const expand = (forge: ForgeId, kind: TokenKind, scopes: string[]) =>
  [...expandScopes(forge, kind, scopes)].sort();

describe('expandScopes', () => {
  it.each<[string, string[], string[]]>([
    [
      'repo',
      ['repo'],
      ['public_repo', 'repo', 'repo:invite', 'repo:status', 'repo_deployment', 'security_events'],
    ],
    ['hook chain', ['admin:repo_hook'], ['admin:repo_hook', 'read:repo_hook', 'write:repo_hook']],
    ['org chain', ['admin:org'], ['admin:org', 'read:org', 'write:org']],
    ['user', ['user'], ['read:user', 'user', 'user:email', 'user:follow']],
    ['project', ['project'], ['project', 'read:project']],
    ['packages', ['write:packages'], ['read:packages', 'write:packages']],
    ['keys', ['admin:public_key'], ['admin:public_key', 'read:public_key', 'write:public_key']],
    ['gpg', ['admin:gpg_key'], ['admin:gpg_key', 'read:gpg_key', 'write:gpg_key']],
    [
      'enterprise',
      ['admin:enterprise'],
      ['admin:enterprise', 'manage_billing:enterprise', 'manage_runners:enterprise', 'read:enterprise'],
    ],
    ['workflow implies nothing', ['workflow'], ['workflow']],
    ['public_repo does not imply repo', ['public_repo'], ['public_repo']],
  ])('GitHub %s', (_, scopes, expected) => {
    expect(expand('github', 'classic', scopes)).toEqual(expected);
  });

  it('GitLab: api covers read_api and Git over HTTP; write_repository covers read_repository', () => {
    expect(expand('gitlab', 'personal', ['api'])).toEqual([
      'api',
      'read_api',
      'read_repository',
      'write_repository',
    ]);
    expect(expand('gitlab', 'personal', ['write_repository'])).toEqual([
      'read_repository',
      'write_repository',
    ]);
    expect(expand('gitlab', 'personal', ['read_api'])).toEqual(['read_api']);
  });

  it('Bitbucket API-token scopes imply nothing', () => {
    const scopes = [
      'write:repository:bitbucket',
      'admin:repository:bitbucket',
      'write:pullrequest:bitbucket',
    ];
    expect(expand('bitbucket', 'api_token', scopes)).toEqual([...scopes].sort());
  });

  it.each(['access_token', 'app_password'] as const)('Bitbucket classic (%s): write implies read', (kind) => {
    expect(expand('bitbucket', kind, ['pullrequest:write'])).toEqual([
      'pullrequest',
      'pullrequest:write',
      'repository',
      'repository:write',
    ]);
    // repository:admin implies neither read nor write (developer.atlassian.com scopes page).
    expect(expand('bitbucket', kind, ['repository:admin'])).toEqual(['repository:admin']);
  });

  it('trims, drops blanks and deduplicates', () => {
    expect(expand('github', 'classic', [' workflow ', '', 'workflow'])).toEqual(['workflow']);
  });
});
