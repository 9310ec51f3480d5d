import type { ForgeReply } from '../forge-reply.js';
import type { SandboxRepo } from '../git/types.js';
import type { Caller } from './caller.js';
import type { RepoPermissions } from './repo-bodies.js';
import { githubError } from './responses.js';
import { type GitHubRule, hasAnyScope } from './rules.js';

/** What an endpoint does to a repository: look at it, change its content, or administer it (hooks). */
export type RepoMode = 'read' | 'write' | 'admin';

export type RepoCaller = Exclude<Caller, { kind: 'refused' }>;

/** The fine-grained refusal (forges.md §1.4), with `X-Accepted-GitHub-Permissions` from the rule. */
export const NOT_ACCESSIBLE = 'Resource not accessible by personal access token';

const LEVELS: Record<string, number> = { read: 1, write: 2, admin: 3 };

/** The token page's label for a permission, where it differs from the API's name ("Webhooks"). */
const LABELS: Record<string, string> = { repository_hooks: 'webhooks' };

function grantedLevel(granted: Record<string, string> | null, name: string): number {
  const level = granted?.[name] ?? granted?.[LABELS[name] ?? ''] ?? '';
  return LEVELS[level] ?? 0;
}

/**
 * Whether fine-grained `granted` permissions satisfy `X-Accepted-GitHub-Permissions`: comma = AND,
 * `; ` = alternative sets (forges.md §1.3). `metadata=read` is granted to every fine-grained token.
 */
export function permissionsAllow(granted: Record<string, string> | null, accepted: string | null): boolean {
  if (accepted === null) return true;
  return accepted.split(';').some((set) =>
    set.split(',').every((pair) => {
      const [name = '', level = ''] = pair.trim().split('=');
      if (name === 'metadata' && level === 'read') return true;
      return grantedLevel(granted, name) >= (LEVELS[level] ?? 99);
    }),
  );
}

export function isCollaborator(caller: RepoCaller, repo: SandboxRepo): boolean {
  if (caller.kind !== 'token') return false;
  const login = caller.account.login.toLowerCase();
  for (const collaborator of repo.collaborators) if (collaborator.toLowerCase() === login) return true;
  return false;
}

/** The `permissions` object of a repository body: the caller's role (collaborators administer in the sandbox). */
export function rolePermissions(caller: RepoCaller, repo: SandboxRepo): RepoPermissions {
  const member = isCollaborator(caller, repo);
  return { admin: member, maintain: member, push: member, triage: member, pull: member || !repo.private };
}

/** Classic scopes that let this caller act on a repository of this visibility. */
function scopesFor(rule: GitHubRule, repo: SandboxRepo): readonly string[] {
  const byVisibility = rule.scopesByVisibility;
  if (!byVisibility) return rule.acceptedScopes;
  return repo.private ? byVisibility.private : byVisibility.public;
}

/** Whether the caller may see the repository at all (private ones: collaborators with a fitting token). */
export function canSee(caller: RepoCaller, repo: SandboxRepo): boolean {
  if (!repo.private) return true;
  if (caller.kind !== 'token' || !isCollaborator(caller, repo)) return false;
  // A classic token without `repo` does not reach private repositories at all: GitHub hides them.
  return caller.record.kind !== 'classic' || hasAnyScope(caller.record.scopes, ['repo']);
}

/**
 * Whether the caller may do `mode` on `repo` under `rule`, or GitHub's refusal (forges.md §1.4,
 * §1.5): what the caller may not see is 404 (GitHub hides private repositories); a classic token
 * missing a scope on a visible repository is 403; a fine-grained token without the permission is
 * 403 "Resource not accessible by personal access token"; changing a repository one is not a
 * collaborator of is 404, as GitHub answers it.
 */
export function repoRefusal(
  caller: RepoCaller,
  repo: SandboxRepo,
  rule: GitHubRule,
  mode: RepoMode,
): ForgeReply | null {
  const notFound = githubError(404, 'Not Found', rule.documentationUrl);
  if (!canSee(caller, repo)) return notFound;
  if (caller.kind === 'token') {
    const { record } = caller;
    if (record.kind === 'classic' && !hasAnyScope(record.scopes, scopesFor(rule, repo))) {
      return repo.private ? notFound : githubError(403, 'Forbidden', rule.documentationUrl);
    }
    if (record.kind === 'fine-grained' && !permissionsAllow(record.permissions, rule.acceptedPermissions)) {
      return githubError(403, NOT_ACCESSIBLE, rule.documentationUrl);
    }
  }
  if (mode !== 'read' && !isCollaborator(caller, repo)) return notFound;
  return null;
}
