import { isoSeconds } from '../clock.js';
import type { SandboxPull, SandboxRepo } from '../git/types.js';
import type { SandboxUrls } from '../types.js';
import { type OwnerView, simpleUser } from './repo-bodies.js';

export interface PullBodyInput {
  repo: SandboxRepo;
  repoBody: Record<string, unknown>;
  author: OwnerView;
  pull: SandboxPull;
  headSha: string;
  baseSha: string;
  urls: SandboxUrls;
}

/** The `pull-request` schema. */
export function pullBody(input: PullBodyInput): Record<string, unknown> {
  const { repo, pull, urls } = input;
  const api = `${urls.github.api}/repos/${repo.fullName}`;
  const html = `${urls.github.web}/${repo.fullName}/pull/${pull.number}`;
  const user = simpleUser(input.author, urls);
  const side = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: input.repoBody.owner,
    repo: input.repoBody,
  });
  const link = (href: string) => ({ href });
  const created = isoSeconds(pull.createdAtMs);
  return {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: Buffer.from(`011:PullRequest${pull.id}`).toString('base64'),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${api}/pulls/${pull.number}/commits`,
    review_comments_url: `${api}/pulls/${pull.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${input.headSha}`,
    number: pull.number,
    state: pull.state === 'open' ? 'open' : 'closed',
    locked: false,
    title: pull.title,
    user,
    body: pull.body === '' ? null : pull.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: created,
    updated_at: created,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.head, input.headSha),
    base: side(pull.base, input.baseSha),
    _links: {
      self: link(`${api}/pulls/${pull.number}`),
      html: link(html),
      issue: link(`${api}/issues/${pull.number}`),
      comments: link(`${api}/issues/${pull.number}/comments`),
      review_comments: link(`${api}/pulls/${pull.number}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${api}/pulls/${pull.number}/commits`),
      statuses: link(`${api}/statuses/${input.headSha}`),
    },
    author_association: 'OWNER',
    auto_merge: null,
    draft: pull.draft,
    merged: false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}
