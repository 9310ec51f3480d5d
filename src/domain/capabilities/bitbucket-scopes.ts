import type { ScopeRequirements } from './types.js';

/**
 * Bitbucket Cloud API tokens with scopes (`ATATT3…`). These scopes do NOT imply one another: write
 * does not include read, admin includes neither (forges.md §3.5; support.atlassian.com
 * "API token permissions": "This scope does not imply the read:repository:bitbucket scope, so you
 * need to request it"). Every scope is listed explicitly.
 */
export const BITBUCKET_API_TOKEN_REQUIREMENTS = {
  read: {
    anyOf: [['read:repository:bitbucket']],
    note: 'Listing the workspaces themselves also needs read:workspace:bitbucket.',
  },
  // admin:repository:bitbucket covers creating repositories (forges.md §3.5). We do not ask for
  // read:repository as well: the create call answers with the repository object, and the push
  // that usually follows is its own capability with its own read + write.
  'create-repo': {
    anyOf: [['admin:repository:bitbucket']],
    note: 'Placing the repository in a project may also need read:project:bitbucket.',
  },
  push: { anyOf: [['read:repository:bitbucket', 'write:repository:bitbucket']] },
  // bitbucket-pipelines.yml is an ordinary file: changing CI needs no scope beyond push.
  workflows: { anyOf: [['read:repository:bitbucket', 'write:repository:bitbucket']] },
  'pull-requests': { anyOf: [['read:pullrequest:bitbucket', 'write:pullrequest:bitbucket']] },
  webhooks: {
    anyOf: [['read:webhook:bitbucket', 'write:webhook:bitbucket']],
    note: 'Repository webhooks also need admin permission on the repository (a role, not a scope).',
  },
} as const satisfies ScopeRequirements;

/**
 * Bitbucket classic scopes, used by repository / project / workspace access tokens (`ATCTT3…`) and
 * by app passwords (`ATBB…`). Here write implies read and `pullrequest:write` implies
 * `repository:write` (see expand-scopes.ts). Source: developer.atlassian.com
 * "Scopes for the Bitbucket Cloud REST API" (bitbucket-cloud-rest-api-scopes):
 * - repository:admin "does not imply repository or repository:write. It gives access to the admin
 *   features of a repo only" → creating a repository needs it, and it never counts as read or write;
 * - webhook "is required for any webhook related operation … to create a webhook for
 *   issue:created, the client will need to have both the webhook as well as issue scope" → a
 *   repository webhook (repo:push and friends) needs webhook + repository. We do not require
 *   repository:admin: no source makes it a scope requirement (forges.md §3.5 lists it in
 *   parentheses; the access-token permission pages list webhooks under Admin as a role-like
 *   ability). UNCERTAIN: the sandbox should let this be configured.
 */
export const BITBUCKET_CLASSIC_REQUIREMENTS = {
  read: { anyOf: [['repository']] },
  'create-repo': {
    anyOf: [['repository:admin']],
    note: 'A repository access token reaches only its own repository and cannot create others; use a workspace or project access token, or an API token.',
  },
  push: { anyOf: [['repository:write']] },
  // bitbucket-pipelines.yml is an ordinary file: changing CI needs no scope beyond push.
  workflows: { anyOf: [['repository:write']] },
  'pull-requests': { anyOf: [['pullrequest:write']] },
  webhooks: {
    anyOf: [['webhook', 'repository']],
    note: 'Webhooks on pull-request events also need the pullrequest scope; the user needs admin permission on the repository.',
  },
} as const satisfies ScopeRequirements;

/**
 * How Bitbucket's access-token form labels the classic scopes (support.atlassian.com
 * "Repository Access Token permissions": Read = repository, Write = repository:write …). Used by the
 * creation guide to say which boxes to tick.
 */
export const BITBUCKET_CLASSIC_LABELS: Readonly<Record<string, string>> = {
  repository: 'Repositories: Read',
  'repository:write': 'Repositories: Write',
  'repository:admin': 'Repositories: Admin',
  'repository:delete': 'Repositories: Delete',
  pullrequest: 'Pull requests: Read',
  'pullrequest:write': 'Pull requests: Write',
  webhook: 'Webhooks: Read and write',
  pipeline: 'Pipelines: Read',
  'pipeline:write': 'Pipelines: Write',
  account: 'Account: Read',
};
