import { expandGitHubScope } from './scopes.js';

/**
 * Endpoint → what GitHub checks, as data (DESIGN.md "Rules as data"). Read from forges.md §1.3–1.5
 * and §1.7 independently of the adapters' tables, so the two sides check each other.
 */
export interface GitHubRule {
  /**
   * Scopes the endpoint accepts, any one of them is enough; sent as `X-Accepted-OAuth-Scopes`
   * (present and empty when the endpoint needs none, as on `GET /user`, forges.md §1.5).
   */
  acceptedScopes: readonly string[];
  /** Fine-grained permission sets (`X-Accepted-GitHub-Permissions`); null when none is needed. */
  acceptedPermissions: string | null;
  /** Costs one request of the primary limit (`GET /rate_limit` does not, forges.md §1.7). */
  countsAgainstLimit: boolean;
  /** Answers without a token (with the unauthenticated, per-IP budget). */
  allowsAnonymous: boolean;
  /** The `documentation_url` GitHub puts in this endpoint's error bodies. */
  documentationUrl: string;
}

export const GITHUB_RULES = {
  'GET /user': {
    acceptedScopes: [],
    acceptedPermissions: null,
    countsAgainstLimit: true,
    allowsAnonymous: false,
    documentationUrl: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
  },
  'GET /rate_limit': {
    acceptedScopes: [],
    acceptedPermissions: null,
    countsAgainstLimit: false,
    allowsAnonymous: true,
    documentationUrl:
      'https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user',
  },
  // forges.md §1.6: no scope needed; whether a token may (GHES 3.19) or must not (github.com) be
  // sent is the `github.credentialRevocationAuth` knob, which overrides `allowsAnonymous`.
  'POST /credentials/revoke': {
    acceptedScopes: [],
    acceptedPermissions: null,
    countsAgainstLimit: true,
    allowsAnonymous: true,
    documentationUrl: 'https://docs.github.com/rest/credentials/revoke#revoke-a-list-of-credentials',
  },
} as const satisfies Record<string, GitHubRule>;

export type GitHubEndpoint = keyof typeof GITHUB_RULES;

/** Whether a classic token's scopes satisfy a rule (a parent scope grants its children). */
export function hasAcceptedScope(granted: readonly string[], rule: GitHubRule): boolean {
  if (rule.acceptedScopes.length === 0) return true;
  const effective = new Set(granted.flatMap(expandGitHubScope));
  return rule.acceptedScopes.some((scope) => effective.has(scope));
}
