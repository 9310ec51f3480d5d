/**
 * Endpoint → what Bitbucket Cloud checks (forges.md §3.4, §3.5, §3.7), as data. API-token scopes do
 * not imply each other, so every listed one is required; classic scopes (app passwords, access tokens)
 * follow "write implies read".
 */
export interface BitbucketRule {
  /** All required, for API tokens (`read:user:bitbucket`…). */
  apiTokenScopes: readonly string[];
  /** All required, for app passwords, OAuth and access tokens (`account`…). */
  classicScopes: readonly string[];
  /** Whether access tokens (not users) may call it at all. */
  allowsAccessTokens: boolean;
  /** Rate-limit resource group (§3.7): `repositories` = `/2.0/repositories/*`; `user` = no documented budget. */
  rateLimitGroup: 'repositories' | 'user';
}

export const BITBUCKET_RULES = {
  'GET /user': {
    apiTokenScopes: ['read:user:bitbucket'],
    classicScopes: ['account'],
    allowsAccessTokens: false,
    rateLimitGroup: 'user',
  },
  // Workspaces of the caller: the swagger's `account` (classic); API tokens `read:workspace:bitbucket`
  // (forges.md §3.5: "+ read:workspace:bitbucket to list workspaces").
  'GET /workspaces': {
    apiTokenScopes: ['read:workspace:bitbucket'],
    classicScopes: ['account'],
    allowsAccessTokens: false,
    rateLimitGroup: 'user',
  },
  'GET /user/permissions/workspaces': {
    apiTokenScopes: ['read:workspace:bitbucket'],
    classicScopes: ['account'],
    allowsAccessTokens: false,
    rateLimitGroup: 'user',
  },
  // §3.5 table "List repos / branches"; the swagger's x-atlassian-oauth2-scopes agree.
  'GET /repositories/{workspace}': {
    apiTokenScopes: ['read:repository:bitbucket'],
    classicScopes: ['repository'],
    allowsAccessTokens: true,
    rateLimitGroup: 'repositories',
  },
  'GET /repositories/{workspace}/{repo_slug}': {
    apiTokenScopes: ['read:repository:bitbucket'],
    classicScopes: ['repository'],
    allowsAccessTokens: true,
    rateLimitGroup: 'repositories',
  },
  // §3.5 "Create repo": admin, which includes neither read nor write for API tokens.
  'POST /repositories/{workspace}/{repo_slug}': {
    apiTokenScopes: ['admin:repository:bitbucket'],
    classicScopes: ['repository:admin'],
    allowsAccessTokens: true,
    rateLimitGroup: 'repositories',
  },
  'GET /repositories/{workspace}/{repo_slug}/refs/branches': {
    apiTokenScopes: ['read:repository:bitbucket'],
    classicScopes: ['repository'],
    allowsAccessTokens: true,
    rateLimitGroup: 'repositories',
  },
  'GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}': {
    apiTokenScopes: ['read:repository:bitbucket'],
    classicScopes: ['repository'],
    allowsAccessTokens: true,
    rateLimitGroup: 'repositories',
  },
  // The swagger lists both API-token scopes for creating a branch.
  'POST /repositories/{workspace}/{repo_slug}/refs/branches': {
    apiTokenScopes: ['write:repository:bitbucket', 'read:repository:bitbucket'],
    classicScopes: ['repository:write'],
    allowsAccessTokens: true,
    rateLimitGroup: 'repositories',
  },
  // §3.5 "Commit via /src": write (+ read). The swagger names write only; forges.md's "+ read" is
  // kept, the sandbox being never easier than the forge.
  'POST /repositories/{workspace}/{repo_slug}/src': {
    apiTokenScopes: ['write:repository:bitbucket', 'read:repository:bitbucket'],
    classicScopes: ['repository:write'],
    allowsAccessTokens: true,
    rateLimitGroup: 'repositories',
  },
  // §3.5 "Open PR"; the swagger lists both API-token scopes too.
  'POST /repositories/{workspace}/{repo_slug}/pullrequests': {
    apiTokenScopes: ['read:pullrequest:bitbucket', 'write:pullrequest:bitbucket'],
    classicScopes: ['pullrequest:write'],
    allowsAccessTokens: true,
    rateLimitGroup: 'repositories',
  },
  // §3.5 "Webhooks": read + write webhook. The swagger adds "any scope that applies to the events
  // that the webhook subscribes to", checked per request (`repository`, `pullrequest`).
  'POST /repositories/{workspace}/{repo_slug}/hooks': {
    apiTokenScopes: ['read:webhook:bitbucket', 'write:webhook:bitbucket'],
    classicScopes: ['webhook'],
    allowsAccessTokens: true,
    rateLimitGroup: 'repositories',
  },
} as const satisfies Record<string, BitbucketRule>;

export type BitbucketEndpoint = keyof typeof BITBUCKET_RULES;

/** Classic scopes: `x:write` grants `x`, `x:admin` grants `x:write` and `x` (forges.md §3.5). */
const CLASSIC_IMPLIES: Record<string, readonly string[]> = {
  'account:write': ['account'],
  'repository:write': ['repository'],
  'repository:admin': ['repository:write', 'repository'],
  'repository:delete': ['repository'],
  'pullrequest:write': ['pullrequest', 'repository:write', 'repository'],
  pullrequest: ['repository'],
  'issue:write': ['issue'],
  'pipeline:write': ['pipeline'],
  'pipeline:variable': ['pipeline', 'pipeline:write'],
  'project:admin': ['project'],
  'runner:write': ['runner'],
  'snippet:write': ['snippet'],
  'team:write': ['team'],
};

export function missingScopes(
  granted: readonly string[],
  required: readonly string[],
  classic: boolean,
): string[] {
  const effective = new Set(
    classic ? granted.flatMap((scope) => [scope, ...(CLASSIC_IMPLIES[scope] ?? [])]) : granted,
  );
  return required.filter((scope) => !effective.has(scope));
}
