import type { Capability } from '../capability.js';
import type { ForgeId } from '../forge.js';
import type { TokenKind } from '../token-kind.js';
import { BITBUCKET_API_TOKEN_REQUIREMENTS, BITBUCKET_CLASSIC_REQUIREMENTS } from './bitbucket-scopes.js';
import { GITHUB_CLASSIC_REQUIREMENTS, GITHUB_FINE_GRAINED_PERMISSIONS } from './github-scopes.js';
import { GITLAB_PERSONAL_REQUIREMENTS } from './gitlab-scopes.js';
import type { GrantModel, ScopeSet } from './types.js';

/**
 * How a token of this forge and kind is granted rights, whether that grant can be changed, and which
 * kind to create when it has to be replaced.
 *
 * Editability, by the forges' own rules: GitHub classic scopes can be edited on the token's page;
 * GitHub OAuth scopes come from the app that was authorised; GitLab scopes are fixed at creation;
 * Bitbucket API tokens and access tokens "can't be viewed or edited after they are created"
 * (support.atlassian.com "Repository Access Tokens"; forges.md §3.6); app passwords can no longer be
 * created at all (removed 2026-07-28, forges.md §3.3), so they are replaced by API tokens.
 */
export function grantModel(forge: ForgeId, kind: TokenKind): GrantModel {
  switch (forge) {
    case 'github':
      return githubModel(kind);
    case 'gitlab':
      return kind === 'personal'
        ? {
            type: 'scopes',
            requirements: GITLAB_PERSONAL_REQUIREMENTS,
            editable: false,
            createAs: 'personal',
          }
        : { type: 'unsupported', createAs: 'personal' };
    case 'bitbucket':
      return bitbucketModel(kind);
  }
}

function githubModel(kind: TokenKind): GrantModel {
  switch (kind) {
    case 'classic':
    case 'legacy':
      return {
        type: 'scopes',
        requirements: GITHUB_CLASSIC_REQUIREMENTS,
        editable: true,
        createAs: 'classic',
      };
    case 'oauth':
      return {
        type: 'scopes',
        requirements: GITHUB_CLASSIC_REQUIREMENTS,
        editable: false,
        createAs: 'classic',
      };
    case 'fine-grained':
      return {
        type: 'permissions',
        permissions: GITHUB_FINE_GRAINED_PERMISSIONS,
        editable: true,
        createAs: 'fine-grained',
      };
    case 'app-user':
    case 'app-installation':
      // GitHub App tokens carry the app's permissions, with the same names as fine-grained PATs.
      return {
        type: 'permissions',
        permissions: GITHUB_FINE_GRAINED_PERMISSIONS,
        editable: false,
        createAs: null,
        note: "A GitHub App token has the app's permissions: its owner sets them in the app's settings, and the installation must accept them.",
      };
    default:
      // ghr_ refresh tokens cannot call the API; other forges' kinds do not belong here.
      return { type: 'unsupported', createAs: 'classic' };
  }
}

function bitbucketModel(kind: TokenKind): GrantModel {
  switch (kind) {
    case 'api_token':
      return {
        type: 'scopes',
        requirements: BITBUCKET_API_TOKEN_REQUIREMENTS,
        editable: false,
        createAs: 'api_token',
      };
    case 'access_token':
      return {
        type: 'scopes',
        requirements: BITBUCKET_CLASSIC_REQUIREMENTS,
        editable: false,
        createAs: 'access_token',
      };
    case 'app_password':
      return {
        type: 'scopes',
        requirements: BITBUCKET_CLASSIC_REQUIREMENTS,
        editable: false,
        createAs: 'api_token',
      };
    default:
      return { type: 'unsupported', createAs: 'api_token' };
  }
}

/**
 * What `capability` needs from a token of this forge and kind, as alternatives of scope sets (any
 * one set, all of its scopes), matched against expanded scopes. Partial alternatives (GitHub
 * `public_repo`) come last. `null` when the kind's grant is not a list of scopes.
 */
export function requiredScopes(forge: ForgeId, kind: TokenKind, capability: Capability): ScopeSet[] | null {
  const model = grantModel(forge, kind);
  if (model.type !== 'scopes') return null;
  const requirement = model.requirements[capability];
  return [...requirement.anyOf, ...(requirement.partial?.anyOf ?? [])];
}
