/**
 * Endpoint → scopes GitLab accepts, any one of them is enough (forges.md §2.3, §2.5, §2.6), as data.
 * `self` endpoints: `GET` follows the `gitlab.selfScopes` knob (UNCERTAIN, §2.3); `DELETE` takes any
 * scope (documented, 15.4+); rotation needs `api` or `self_rotate`.
 */
export interface GitLabRule {
  /** Accepted scopes in the order GitLab names them in `insufficient_scope` bodies; `any` = no check. */
  scopes: readonly string[] | 'any' | 'config:selfScopes';
}

export const GITLAB_RULES = {
  'GET /user': { scopes: ['api', 'read_user', 'read_api'] },
  'GET /personal_access_tokens/self': { scopes: 'config:selfScopes' },
  'DELETE /personal_access_tokens/self': { scopes: 'any' },
  'POST /personal_access_tokens/self/rotate': { scopes: ['api', 'self_rotate'] },
} as const satisfies Record<string, GitLabRule>;

export type GitLabEndpoint = keyof typeof GITLAB_RULES;
