import type { SandboxAccount } from '../accounts.js';
import { isoMillis } from '../clock.js';
import type { SandboxHook, SandboxPull, SandboxRepo } from '../git/types.js';
import type { SandboxUrls } from '../types.js';
import { projectWebUrl } from './project-bodies.js';

/** `API_Entities_UserBasic`. */
export function userBasicBody(account: SandboxAccount, urls: SandboxUrls): Record<string, unknown> {
  return {
    id: account.id,
    username: account.login,
    name: account.name,
    state: 'active',
    locked: false,
    avatar_url: null,
    web_url: `${urls.gitlab.web}/${account.login}`,
  };
}

/** GitLab spells states `opened`/`closed`/`merged`. */
export function mergeRequestState(pull: SandboxPull): 'opened' | 'closed' | 'merged' {
  return pull.state === 'open' ? 'opened' : pull.state;
}

/** `POST /projects/:id/merge_requests` → `API_Entities_MergeRequest` as GitLab sends it on creation. */
export function mergeRequestBody(
  repo: SandboxRepo,
  pull: SandboxPull,
  author: SandboxAccount,
  shas: { head: string; base: string },
  urls: SandboxUrls,
): Record<string, unknown> {
  const at = isoMillis(pull.createdAtMs);
  return {
    id: pull.id,
    iid: pull.number,
    project_id: repo.id,
    title: pull.title,
    description: pull.body,
    state: mergeRequestState(pull),
    created_at: at,
    updated_at: at,
    merged_by: null,
    merge_user: null,
    merged_at: null,
    closed_by: null,
    closed_at: null,
    target_branch: pull.base,
    source_branch: pull.head,
    user_notes_count: 0,
    upvotes: 0,
    downvotes: 0,
    author: userBasicBody(author, urls),
    assignees: [],
    assignee: null,
    reviewers: [],
    source_project_id: repo.id,
    target_project_id: repo.id,
    labels: [],
    draft: pull.draft,
    imported: false,
    imported_from: 'none',
    work_in_progress: pull.draft,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: 'checking',
    detailed_merge_status: 'preparing',
    merge_after: null,
    sha: shas.head,
    merge_commit_sha: null,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: false,
    prepared_at: null,
    reference: `!${pull.number}`,
    references: {
      short: `!${pull.number}`,
      relative: `!${pull.number}`,
      full: `${repo.fullName}!${pull.number}`,
    },
    web_url: `${projectWebUrl(repo, urls)}/-/merge_requests/${pull.number}`,
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    squash: false,
    squash_on_merge: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
    approvals_before_merge: null,
    subscribed: true,
    changes_count: null,
    latest_build_started_at: null,
    latest_build_finished_at: null,
    first_deployed_to_production_at: null,
    pipeline: null,
    head_pipeline: null,
    diff_refs: { base_sha: shas.base, head_sha: shas.head, start_sha: shas.base },
    merge_error: null,
    user: { can_merge: true },
  };
}

/** The events a hook was created with, in GitLab's field names. */
export function hookHas(hook: SandboxHook, event: 'push_events' | 'merge_requests_events'): boolean {
  return hook.events.includes(event);
}

/** `POST /projects/:id/hooks` → `API_Entities_ProjectHook`; the token is never echoed. */
export function hookBody(
  repo: SandboxRepo,
  hook: SandboxHook,
  extra: { name: string; description: string; enableSslVerification: boolean },
): Record<string, unknown> {
  return {
    id: hook.id,
    url: hook.url,
    name: extra.name,
    description: extra.description,
    project_id: repo.id,
    created_at: isoMillis(hook.createdAtMs),
    push_events: hookHas(hook, 'push_events'),
    push_events_branch_filter: '',
    branch_filter_strategy: 'wildcard',
    tag_push_events: false,
    merge_requests_events: hookHas(hook, 'merge_requests_events'),
    repository_update_events: false,
    enable_ssl_verification: extra.enableSslVerification,
    alert_status: 'executable',
    disabled_until: null,
    url_variables: [],
    custom_webhook_template: '',
    custom_headers: [],
    issues_events: false,
    confidential_issues_events: false,
    note_events: false,
    confidential_note_events: false,
    pipeline_events: false,
    wiki_page_events: false,
    deployment_events: false,
    feature_flag_events: false,
    job_events: false,
    releases_events: false,
    milestone_events: false,
    emoji_events: false,
    resource_access_token_events: false,
    vulnerability_events: false,
  };
}
