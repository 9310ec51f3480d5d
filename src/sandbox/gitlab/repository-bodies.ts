import { isoMillis } from '../clock.js';
import type { CommitInfo, SandboxRepo } from '../git/types.js';
import type { SandboxUrls } from '../types.js';
import { projectWebUrl } from './project-bodies.js';

/** `API_Entities_Commit`: GitLab's commit entity (branches, commits API). */
export function commitBody(
  repo: SandboxRepo,
  commit: CommitInfo,
  urls: SandboxUrls,
): Record<string, unknown> {
  const title = commit.message.split('\n')[0] ?? '';
  return {
    id: commit.sha,
    short_id: commit.sha.slice(0, 8),
    created_at: isoMillis(commit.committer.dateMs),
    parent_ids: [...commit.parents],
    title,
    message: commit.message,
    author_name: commit.author.name,
    author_email: commit.author.email,
    authored_date: isoMillis(commit.author.dateMs),
    committer_name: commit.committer.name,
    committer_email: commit.committer.email,
    committed_date: isoMillis(commit.committer.dateMs),
    trailers: {},
    extended_trailers: {},
    web_url: `${projectWebUrl(repo, urls)}/-/commit/${commit.sha}`,
  };
}

/** `API_Entities_Branch`: `default` marks the project's default branch, `protected` its protection. */
export function branchBody(
  repo: SandboxRepo,
  branch: { name: string; commit: CommitInfo },
  canPush: boolean,
  urls: SandboxUrls,
): Record<string, unknown> {
  const isProtected = repo.protectedBranches.has(branch.name);
  return {
    name: branch.name,
    commit: commitBody(repo, branch.commit, urls),
    merged: false,
    protected: isProtected,
    developers_can_push: false,
    developers_can_merge: false,
    can_push: canPush && !isProtected,
    default: branch.name === repo.defaultBranch,
    web_url: `${projectWebUrl(repo, urls)}/-/tree/${branch.name}`,
  };
}
