import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../capability.js';
import { FORGES } from '../forge.js';
import { TOKEN_KINDS } from '../token-kind.js';
import { grantModel, requiredScopes } from './grant-model.js';

describe('grantModel', () => {
  it('has an answer for every forge and every kind of that forge', () => {
    for (const forge of FORGES) {
      for (const kind of TOKEN_KINDS[forge]) {
        expect(['scopes', 'permissions', 'unsupported']).toContain(grantModel(forge, kind).type);
      }
    }
  });

  it('reads scopes for the personal kinds and permissions for fine-grained tokens', () => {
    expect(grantModel('github', 'classic').type).toBe('scopes');
    expect(grantModel('github', 'fine-grained').type).toBe('permissions');
    expect(grantModel('gitlab', 'personal').type).toBe('scopes');
    expect(grantModel('bitbucket', 'api_token').type).toBe('scopes');
    expect(grantModel('bitbucket', 'access_token').type).toBe('scopes');
  });
});

describe('requiredScopes', () => {
  it('lists alternatives, canonical first, partial ones last', () => {
    expect(requiredScopes('github', 'classic', 'push')).toEqual([['repo'], ['public_repo']]);
    expect(requiredScopes('github', 'classic', 'workflows')).toEqual([
      ['repo', 'workflow'],
      ['public_repo', 'workflow'],
    ]);
    expect(requiredScopes('gitlab', 'personal', 'push')).toEqual([['write_repository'], ['api']]);
    expect(requiredScopes('bitbucket', 'api_token', 'push')).toEqual([
      ['read:repository:bitbucket', 'write:repository:bitbucket'],
    ]);
  });

  it('is null where the grant is not a list of scopes', () => {
    expect(requiredScopes('github', 'fine-grained', 'push')).toBeNull();
    expect(requiredScopes('gitlab', 'deploy', 'push')).toBeNull();
  });

  it('has at least one alternative for every capability of every scope-based kind', () => {
    for (const forge of FORGES) {
      for (const kind of TOKEN_KINDS[forge]) {
        for (const capability of CAPABILITIES) {
          const alternatives = requiredScopes(forge, kind, capability);
          if (alternatives !== null) expect(alternatives.length).toBeGreaterThan(0);
        }
      }
    }
  });
});
