import type { Branch, CommitResult, PullRequest, Repository, Webhook } from '../../forges/repo-types.js';
import { formatTable } from './table.js';

/** `repo list`: one repository a row. */
export function formatRepoTable(repos: readonly Repository[]): string {
  if (repos.length === 0) return 'No repositories.\n';
  return formatTable(
    ['REPOSITORY', 'VISIBILITY', 'DEFAULT BRANCH', 'URL'],
    repos.map((repo) => [
      repo.fullName,
      repo.private ? 'private' : 'public',
      repo.defaultBranch ?? '—',
      repo.webUrl,
    ]),
  );
}

/** `repo branches`: one branch a row, the default marked. */
export function formatBranchTable(branches: readonly Branch[], defaultBranch: string | null): string {
  if (branches.length === 0)
    return `No branches (the repository is empty${defaultBranch ? `; default ${defaultBranch}` : ''}).\n`;
  return formatTable(
    ['BRANCH', 'HEAD', 'DEFAULT', 'PROTECTED'],
    branches.map((branch) => [
      branch.name,
      branch.sha.slice(0, 12),
      branch.isDefault || branch.name === defaultBranch ? '✓' : '',
      branch.protected ? 'yes' : '',
    ]),
  );
}

export function formatRepoLine(repo: Repository, created: boolean): string {
  const verb = created ? 'Created' : 'Exists, reused';
  return `${verb}: ${repo.fullName} (${repo.private ? 'private' : 'public'}, default branch ${repo.defaultBranch ?? 'not set yet'})\n  ${repo.webUrl}\n  clone: ${repo.cloneUrl}\n`;
}

/**
 * `repo commit`: what was committed where. `branchCreated` null means the forge did not say whether
 * the branch was new (Bitbucket's one-request commit, forges.md §3.8): the line then names the branch
 * without claiming either way.
 */
export function formatCommitLine(commit: CommitResult, files: number): string {
  const where = commit.branchCreated === true ? `new branch ${commit.branch}` : commit.branch;
  return `Committed ${files} ${files === 1 ? 'change' : 'changes'} to ${where}: ${commit.sha}\n  ${commit.webUrl}\n`;
}

export function formatPullLine(pull: PullRequest): string {
  return `Opened #${pull.number} ${pull.title} (${pull.head} → ${pull.base})\n  ${pull.webUrl}\n`;
}

export function formatHookLine(hook: Webhook, signed: boolean): string {
  const secret = signed ? 'signed with the secret given' : 'NOT signed (no secret given)';
  return `Created webhook ${hook.id} → ${hook.url} for ${hook.events.join(', ')} (${hook.active ? 'active' : 'inactive'}, ${secret})\n`;
}
