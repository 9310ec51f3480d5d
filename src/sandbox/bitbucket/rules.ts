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
