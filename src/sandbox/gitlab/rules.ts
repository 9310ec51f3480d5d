/**
 * Endpoint → scopes GitLab accepts, any one of them is enough (forges.md §2.3, §2.5, §2.6), as data.
 * `self` endpoints: `GET` follows the `gitlab.selfScopes` knob (UNCERTAIN, §2.3); `DELETE` takes any
 * scope (documented, 15.4+); rotation needs `api` or `self_rotate`. Repository reads take `read_api`
 * or `api`; every write (create project, branch, commit, MR, hook) takes `api` only (§2.5: the
 * `write_repository` scope is git over HTTP, not REST). The Repository Files read also takes
 * `read_repository` ("plus the Repository Files API", §2.5).
 */
export interface GitLabRule {
  /** Accepted scopes in the order GitLab names them in `insufficient_scope` bodies; `any` = no check. */
  scopes: readonly string[] | 'any' | 'config:selfScopes';
}

const READ = ['api', 'read_api'] as const;
const WRITE = ['api'] as const;

export const GITLAB_RULES = {
  'GET /user': { scopes: ['api', 'read_user', 'read_api'] },
  'GET /personal_access_tokens/self': { scopes: 'config:selfScopes' },
  'DELETE /personal_access_tokens/self': { scopes: 'any' },
  'POST /personal_access_tokens/self/rotate': { scopes: ['api', 'self_rotate'] },
  'GET /projects': { scopes: READ },
  'GET /projects/:id': { scopes: READ },
  'POST /projects': { scopes: WRITE },
  'GET /groups/:id': { scopes: READ },
  'POST /groups': { scopes: WRITE },
  'GET /namespaces': { scopes: READ },
  'GET /namespaces/:id': { scopes: READ },
  'GET /projects/:id/repository/branches': { scopes: READ },
  'GET /projects/:id/repository/branches/:branch': { scopes: READ },
  'POST /projects/:id/repository/branches': { scopes: WRITE },
  'GET /projects/:id/repository/tree': { scopes: READ },
  'GET /projects/:id/repository/files/:file_path': { scopes: ['api', 'read_api', 'read_repository'] },
  'POST /projects/:id/repository/commits': { scopes: WRITE },
  'POST /projects/:id/merge_requests': { scopes: WRITE },
  'POST /projects/:id/hooks': { scopes: WRITE },
} as const satisfies Record<string, GitLabRule>;

export type GitLabEndpoint = keyof typeof GITLAB_RULES;
