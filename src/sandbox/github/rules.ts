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
  /**
   * Repository endpoints: the classic scopes that let a token act, any one of them, by the
   * repository's visibility (forges.md §1.5: `public_repo` covers public repositories only; reading
   * a public repository needs no scope). Absent: `acceptedScopes` for both.
   */
  scopesByVisibility?: { public: readonly string[]; private: readonly string[] };
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

// Repository endpoints (forges.md §1.5, §1.8). Classic: `repo`, or `public_repo` on public
// repositories; fine-grained: the permission GitHub names in `X-Accepted-GitHub-Permissions`
// (metadata=read is granted to every fine-grained token).
const REPO_DOCS = 'https://docs.github.com/rest/repos/repos';
const GIT_DOCS = 'https://docs.github.com/rest/git';
const readRepo = {
  acceptedScopes: ['repo'],
  scopesByVisibility: { public: [], private: ['repo'] },
  countsAgainstLimit: true,
  allowsAnonymous: true,
} as const;
const writeRepo = {
  acceptedScopes: ['public_repo', 'repo'],
  scopesByVisibility: { public: ['public_repo', 'repo'], private: ['repo'] },
  countsAgainstLimit: true,
  allowsAnonymous: false,
} as const;

export const GITHUB_REPO_RULES = {
  'GET /user/repos': {
    acceptedScopes: [],
    acceptedPermissions: 'metadata=read',
    countsAgainstLimit: true,
    allowsAnonymous: false,
    documentationUrl: `${REPO_DOCS}#list-repositories-for-the-authenticated-user`,
  },
  'POST /user/repos': {
    ...writeRepo,
    acceptedPermissions: 'administration=write',
    documentationUrl: `${REPO_DOCS}#create-a-repository-for-the-authenticated-user`,
  },
  'POST /orgs/{org}/repos': {
    ...writeRepo,
    acceptedPermissions: 'administration=write',
    documentationUrl: `${REPO_DOCS}#create-an-organization-repository`,
  },
  'GET /repos/{owner}/{repo}': {
    ...readRepo,
    acceptedPermissions: 'metadata=read',
    documentationUrl: `${REPO_DOCS}#get-a-repository`,
  },
  'GET /repos/{owner}/{repo}/branches': {
    ...readRepo,
    acceptedPermissions: 'metadata=read',
    documentationUrl: 'https://docs.github.com/rest/branches/branches#list-branches',
  },
  // Push access renames a branch; the default branch needs admin (collaborators administer in the
  // sandbox) and, for fine-grained tokens, administration=write.
  'POST /repos/{owner}/{repo}/branches/{branch}/rename': {
    ...writeRepo,
    acceptedPermissions: 'contents=write',
    documentationUrl: 'https://docs.github.com/rest/branches/branches#rename-a-branch',
  },
  'GET /repos/{owner}/{repo}/git/ref/{ref}': {
    ...readRepo,
    acceptedPermissions: 'contents=read',
    documentationUrl: `${GIT_DOCS}/refs#get-a-reference`,
  },
  'GET /repos/{owner}/{repo}/git/commits/{sha}': {
    ...readRepo,
    acceptedPermissions: 'contents=read',
    documentationUrl: `${GIT_DOCS}/commits#get-a-commit-object`,
  },
  'POST /repos/{owner}/{repo}/git/blobs': {
    ...writeRepo,
    acceptedPermissions: 'contents=write',
    documentationUrl: `${GIT_DOCS}/blobs#create-a-blob`,
  },
  'POST /repos/{owner}/{repo}/git/trees': {
    ...writeRepo,
    acceptedPermissions: 'contents=write',
    documentationUrl: `${GIT_DOCS}/trees#create-a-tree`,
  },
  'POST /repos/{owner}/{repo}/git/commits': {
    ...writeRepo,
    acceptedPermissions: 'contents=write',
    documentationUrl: `${GIT_DOCS}/commits#create-a-commit`,
  },
  'POST /repos/{owner}/{repo}/git/refs': {
    ...writeRepo,
    acceptedPermissions: 'contents=write',
    documentationUrl: `${GIT_DOCS}/refs#create-a-reference`,
  },
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}': {
    ...writeRepo,
    acceptedPermissions: 'contents=write',
    documentationUrl: `${GIT_DOCS}/refs#update-a-reference`,
  },
  'PUT /repos/{owner}/{repo}/contents/{path}': {
    ...writeRepo,
    acceptedPermissions: 'contents=write',
    documentationUrl: 'https://docs.github.com/rest/repos/contents#create-or-update-file-contents',
  },
  'POST /repos/{owner}/{repo}/pulls': {
    ...writeRepo,
    acceptedPermissions: 'pull_requests=write',
    documentationUrl: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
  },
  // Repository webhooks: admin:repo_hook ⊃ write:repo_hook, or repo (forges.md §1.5).
  'POST /repos/{owner}/{repo}/hooks': {
    acceptedScopes: ['admin:repo_hook', 'repo', 'write:repo_hook'],
    acceptedPermissions: 'repository_hooks=write',
    countsAgainstLimit: true,
    allowsAnonymous: false,
    documentationUrl: 'https://docs.github.com/rest/repos/webhooks#create-a-repository-webhook',
  },
} as const satisfies Record<string, GitHubRule>;

export type GitHubRepoEndpoint = keyof typeof GITHUB_REPO_RULES;

/** Whether a classic token's scopes satisfy a rule (a parent scope grants its children). */
export function hasAcceptedScope(granted: readonly string[], rule: GitHubRule): boolean {
  return hasAnyScope(granted, rule.acceptedScopes);
}

/** Whether `granted` (expanded) holds one of `accepted`; an empty `accepted` needs nothing. */
export function hasAnyScope(granted: readonly string[], accepted: readonly string[]): boolean {
  if (accepted.length === 0) return true;
  const effective = new Set(granted.flatMap(expandGitHubScope));
  return accepted.some((scope) => effective.has(scope));
}
