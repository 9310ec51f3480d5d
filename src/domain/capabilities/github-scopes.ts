import type { Capability } from '../capability.js';
import type { GitHubPermission, ScopeRequirements } from './types.js';

/**
 * GitHub classic scopes per capability, for classic PATs (`ghp_`), OAuth tokens (`gho_`) and
 * pre-2021 40-hex tokens, which all report `X-OAuth-Scopes`. Source: forges.md §1.5 (from
 * `scopes-for-oauth-apps.md` and the per-operation table).
 *
 * We evaluate for **private** repositories, the realistic need: reading public repositories needs
 * no scope at all, so `read` asks for `repo`. `public_repo` does grant create-repo, push and pull
 * requests, but only on public repositories: it counts (with a note) and is never suggested.
 */
const PUBLIC_ONLY = 'public_repo covers public repositories only; add repo for private ones.';

export const GITHUB_CLASSIC_REQUIREMENTS = {
  // GET /user/repos incl. private, branches, contents.
  read: { anyOf: [['repo']] },
  'create-repo': {
    anyOf: [['repo']],
    partial: { anyOf: [['public_repo']], note: PUBLIC_ONLY },
    note: 'Creating a repository in an organization also needs the user to be allowed to create repositories there.',
  },
  push: { anyOf: [['repo']], partial: { anyOf: [['public_repo']], note: PUBLIC_ONLY } },
  // Creating or changing .github/workflows/* needs `workflow` on top of repo (forges.md §1.5).
  workflows: {
    anyOf: [['repo', 'workflow']],
    partial: { anyOf: [['public_repo', 'workflow']], note: PUBLIC_ONLY },
  },
  'pull-requests': { anyOf: [['repo']], partial: { anyOf: [['public_repo']], note: PUBLIC_ONLY } },
  // write:repo_hook is enough to create hooks (admin adds delete), so it comes first: least
  // privilege. admin:repo_hook also counts through expansion; it is listed for completeness.
  webhooks: { anyOf: [['write:repo_hook'], ['admin:repo_hook'], ['repo']] },
} as const satisfies ScopeRequirements;

const metadata: GitHubPermission = { param: 'metadata', label: 'Metadata', access: 'read' };
const contentsRead: GitHubPermission = { param: 'contents', label: 'Contents', access: 'read' };
const contentsWrite: GitHubPermission = { param: 'contents', label: 'Contents', access: 'write' };

/**
 * Fine-grained PAT (and GitHub App) permissions per capability. GitHub does not report them for a
 * token, so these are what a person must tick, not something we can check. Source: forges.md §1.5;
 * parameter names from GitHub's "Pre-filling fine-grained personal access token details using URL
 * parameters" (docs.github.com managing-your-personal-access-tokens, changelog 2025-08-26
 * "Template URLs for fine-grained PATs"). Metadata: read is always granted; it is listed so the
 * list is complete.
 */
export const GITHUB_FINE_GRAINED_PERMISSIONS = {
  read: [contentsRead, metadata],
  // Creating under a user needs "All repositories" access; under an org, that org as owner.
  'create-repo': [{ param: 'administration', label: 'Administration', access: 'write' }, metadata],
  push: [contentsWrite, metadata],
  workflows: [contentsWrite, { param: 'workflows', label: 'Workflows', access: 'write' }, metadata],
  'pull-requests': [
    { param: 'pull_requests', label: 'Pull requests', access: 'write' },
    contentsRead,
    metadata,
  ],
  webhooks: [{ param: 'repository_hooks', label: 'Webhooks', access: 'write' }, metadata],
} as const satisfies Record<Capability, readonly GitHubPermission[]>;

/** Display order of permissions in lists and URLs: the order a person meets them in the picker. */
export const GITHUB_PERMISSION_ORDER: readonly string[] = [
  'contents',
  'workflows',
  'administration',
  'pull_requests',
  'repository_hooks',
  'metadata',
];
