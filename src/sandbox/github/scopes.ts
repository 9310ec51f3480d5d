/**
 * GitHub classic OAuth/PAT scopes and what each one implies (forges.md §1.5, from
 * `scopes-for-oauth-apps.md`). GitHub stores scopes normalised: an implied child is dropped, so a
 * token asked for `user, gist, user:email` reports `X-OAuth-Scopes: gist, user`.
 */
const IMPLIES: Record<string, readonly string[]> = {
  repo: ['repo:status', 'repo_deployment', 'public_repo', 'repo:invite', 'security_events'],
  'admin:repo_hook': ['write:repo_hook', 'read:repo_hook'],
  'write:repo_hook': ['read:repo_hook'],
  'admin:org': ['write:org', 'read:org', 'manage_runners:org'],
  'write:org': ['read:org'],
  'admin:public_key': ['write:public_key', 'read:public_key'],
  'write:public_key': ['read:public_key'],
  'admin:gpg_key': ['write:gpg_key', 'read:gpg_key'],
  'write:gpg_key': ['read:gpg_key'],
  'admin:ssh_signing_key': ['write:ssh_signing_key', 'read:ssh_signing_key'],
  'write:ssh_signing_key': ['read:ssh_signing_key'],
  user: ['read:user', 'user:email', 'user:follow'],
  project: ['read:project'],
  'write:packages': ['read:packages'],
  codespace: ['codespace:secrets'],
  'admin:enterprise': ['manage_runners:enterprise', 'manage_billing:enterprise', 'read:enterprise'],
};

const LEAVES = [
  'admin:org_hook',
  'gist',
  'notifications',
  'delete_repo',
  'delete:packages',
  'workflow',
  'read:audit_log',
  'audit_log',
  'copilot',
  'site_admin',
];

export const GITHUB_CLASSIC_SCOPES: ReadonlySet<string> = new Set([
  ...Object.keys(IMPLIES),
  ...Object.values(IMPLIES).flat(),
  ...LEAVES,
]);

/** Every scope `scope` grants, itself included. */
export function expandGitHubScope(scope: string): string[] {
  return [scope, ...(IMPLIES[scope] ?? []).flatMap((child) => expandGitHubScope(child))];
}

/** Drops scopes implied by another granted scope and sorts, as GitHub reports them. */
export function normaliseGitHubScopes(scopes: readonly string[]): string[] {
  const unique = [...new Set(scopes)];
  const implied = new Set(unique.flatMap((scope) => (IMPLIES[scope] ?? []).flatMap(expandGitHubScope)));
  return unique.filter((scope) => !implied.has(scope)).sort();
}

/** Fine-grained permission levels (forges.md §1.5); permission names are not checked yet. */
export const GITHUB_PERMISSION_LEVELS = ['read', 'write', 'admin'] as const;
