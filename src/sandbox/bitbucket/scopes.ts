/**
 * Bitbucket scopes (forges.md §3.5). Classic names belong to app passwords, OAuth and access tokens
 * (the `oauth2` scopes of bitbucket-swagger.json plus `email`); API tokens have Atlassian-style
 * `verb:resource:bitbucket` names, listed only in part by forges.md ("read:runner:bitbucket, …"), so
 * those are checked by shape rather than against a list.
 */
export const BITBUCKET_CLASSIC_SCOPES: ReadonlySet<string> = new Set([
  'account',
  'account:write',
  'email',
  'issue',
  'issue:write',
  'pipeline',
  'pipeline:variable',
  'pipeline:write',
  'project',
  'project:admin',
  'pullrequest',
  'pullrequest:write',
  'repository',
  'repository:admin',
  'repository:delete',
  'repository:write',
  'runner',
  'runner:write',
  'snippet',
  'snippet:write',
  'team',
  'team:write',
  'webhook',
  'wiki',
]);

const API_TOKEN_SCOPE = /^(read|write|admin|delete):[a-z-]+:bitbucket$/;

export function isBitbucketApiTokenScope(scope: string): boolean {
  return API_TOKEN_SCOPE.test(scope);
}
