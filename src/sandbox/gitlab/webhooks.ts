import { randomUUID } from 'node:crypto';
import type { SandboxAccount } from '../accounts.js';
import { isoMillis } from '../clock.js';
import type { PushEvent } from '../git/repo-store.js';
import type { SandboxHook, SandboxPull, SandboxRepo } from '../git/types.js';
import type { SandboxState } from '../state.js';
import type { SandboxUrls } from '../types.js';
import { hookHas, mergeRequestState } from './mr-hook-bodies.js';
import { projectWebUrl } from './project-bodies.js';
import type { GitLabProjects } from './projects.js';

/*
 * Webhook deliveries as GitLab makes them (forges.md §2.8): `X-Gitlab-Event: Push Hook` /
 * `Merge Request Hook`, and the hook's secret sent back as is in `X-Gitlab-Token` (GitLab does not
 * sign the body; the receiver compares the token). A push carries at most 20 commits, oldest first.
 */

const ZERO_SHA = '0'.repeat(40);
const MAX_COMMITS = 20;
const VISIBILITY_LEVEL = { private: 0, internal: 10, public: 20 } as const;

function headersFor(hook: SandboxHook, event: string, urls: SandboxUrls): Record<string, string> {
  const uuid = randomUUID();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'GitLab/17.6.0',
    'X-Gitlab-Event': event,
    'X-Gitlab-Event-UUID': uuid,
    'X-Gitlab-Webhook-UUID': randomUUID(),
    'X-Gitlab-Instance': new URL(urls.gitlab.web).origin,
    'Idempotency-Key': uuid,
  };
  if (hook.secret !== null) headers['X-Gitlab-Token'] = hook.secret;
  return headers;
}

/** `body` to each of `hooks` as `event`, each delivery with its own UUIDs. */
async function deliverAll(
  state: SandboxState,
  repo: SandboxRepo,
  hooks: readonly SandboxHook[],
  event: 'Push Hook' | 'Merge Request Hook',
  body: Record<string, unknown>,
): Promise<void> {
  const urls = state.requireUrls();
  await Promise.all(
    hooks.map((hook) =>
      state.repos.deliver({
        hookId: hook.id,
        forge: 'gitlab',
        repo: repo.fullName,
        event,
        url: hook.url,
        headers: headersFor(hook, event, urls),
        body,
      }),
    ),
  );
}

function projectPayload(
  repo: SandboxRepo,
  projects: GitLabProjects,
  urls: SandboxUrls,
): Record<string, unknown> {
  const webUrl = projectWebUrl(repo, urls);
  const ssh = `git@${new URL(urls.gitlab.web).hostname}:${repo.fullName}.git`;
  return {
    id: repo.id,
    name: projects.displayName(repo),
    description: repo.description,
    web_url: webUrl,
    avatar_url: null,
    git_ssh_url: ssh,
    git_http_url: `${webUrl}.git`,
    namespace: projects.namespaceOf(repo)?.name ?? repo.owner,
    visibility_level: VISIBILITY_LEVEL[projects.visibility(repo)],
    path_with_namespace: repo.fullName,
    default_branch: repo.defaultBranch,
    ci_config_path: null,
    homepage: webUrl,
    url: ssh,
    ssh_url: ssh,
    http_url: `${webUrl}.git`,
  };
}

async function pushCommits(state: SandboxState, event: PushEvent, urls: SandboxUrls) {
  const { repo } = event;
  const commits: Record<string, unknown>[] = [];
  let total = 0;
  let current = event.after;
  while (current !== null && current !== event.before && total < 1_000) {
    const info = await state.repos.readCommit(repo, current);
    if (!info) break;
    total++;
    const parent = info.parents[0] ?? null;
    if (commits.length < MAX_COMMITS) {
      const before = new Set(
        parent ? (await state.repos.listTree(repo, parent, { recursive: true })).map((e) => e.path) : [],
      );
      const changed = await state.repos.changedPaths(repo, parent, current);
      const after = new Set(
        (await state.repos.listTree(repo, current, { recursive: true })).map((e) => e.path),
      );
      commits.push({
        id: info.sha,
        message: info.message,
        title: info.message.split('\n')[0] ?? '',
        timestamp: isoMillis(info.author.dateMs),
        url: `${projectWebUrl(repo, urls)}/-/commit/${info.sha}`,
        author: { name: info.author.name, email: info.author.email },
        added: changed.filter((path) => !before.has(path)),
        modified: changed.filter((path) => before.has(path) && after.has(path)),
        removed: changed.filter((path) => !after.has(path)),
      });
    }
    current = parent;
  }
  return { commits: commits.reverse(), total };
}

async function deliverPush(state: SandboxState, projects: GitLabProjects, event: PushEvent): Promise<void> {
  const hooks = event.repo.hooks.filter((hook) => hook.active && hookHas(hook, 'push_events'));
  if (hooks.length === 0) return;
  const urls = state.requireUrls();
  const { repo } = event;
  const pusher = state.accounts.get('gitlab', event.pusherLogin);
  const { commits, total } = await pushCommits(state, event, urls);
  const project = projectPayload(repo, projects, urls);
  const body = {
    object_kind: 'push',
    event_name: 'push',
    before: event.before ?? ZERO_SHA,
    after: event.after ?? ZERO_SHA,
    ref: event.ref,
    ref_protected: repo.protectedBranches.has(event.ref.replace(/^refs\/heads\//, '')),
    checkout_sha: event.after,
    message: null,
    user_id: pusher?.id ?? null,
    user_name: pusher?.name ?? event.pusherLogin,
    user_username: event.pusherLogin,
    user_email: '[REDACTED]',
    user_avatar: null,
    project_id: repo.id,
    project,
    commits,
    total_commits_count: total,
    push_options: {},
    repository: {
      name: project.name,
      url: project.url,
      description: repo.description,
      homepage: project.homepage,
      git_http_url: project.git_http_url,
      git_ssh_url: project.git_ssh_url,
      visibility_level: project.visibility_level,
    },
  };
  await deliverAll(state, repo, hooks, 'Push Hook', body);
}

/** Subscribes once per sandbox: every branch move of a GitLab project, by the API or by git, is a Push Hook. */
export function subscribePushHooks(state: SandboxState, projects: GitLabProjects): void {
  state.repos.onPush.add((event) => {
    if (event.repo.forge !== 'gitlab') return;
    void deliverPush(state, projects, event).catch(() => {
      // A delivery that cannot be built (the repository was reset meanwhile) is dropped, as a lost hook.
    });
  });
}

/** A new merge request: `Merge Request Hook` with `object_attributes.action: "open"`. */
export async function deliverMergeRequestOpened(
  state: SandboxState,
  projects: GitLabProjects,
  repo: SandboxRepo,
  pull: SandboxPull,
  author: SandboxAccount,
  headSha: string,
): Promise<void> {
  const hooks = repo.hooks.filter((hook) => hook.active && hookHas(hook, 'merge_requests_events'));
  if (hooks.length === 0) return;
  const urls = state.requireUrls();
  const project = projectPayload(repo, projects, urls);
  const at = isoMillis(pull.createdAtMs);
  const body = {
    object_kind: 'merge_request',
    event_type: 'merge_request',
    user: {
      id: author.id,
      name: author.name,
      username: author.login,
      avatar_url: null,
      email: '[REDACTED]',
    },
    project,
    object_attributes: {
      id: pull.id,
      iid: pull.number,
      target_branch: pull.base,
      source_branch: pull.head,
      source_project_id: repo.id,
      target_project_id: repo.id,
      author_id: author.id,
      title: pull.title,
      description: pull.body,
      state: mergeRequestState(pull),
      created_at: at,
      updated_at: at,
      merge_status: 'checking',
      draft: pull.draft,
      work_in_progress: pull.draft,
      url: `${projectWebUrl(repo, urls)}/-/merge_requests/${pull.number}`,
      source: project,
      target: project,
      last_commit: { id: headSha },
      action: 'open',
    },
    labels: [],
    changes: {},
    repository: {
      name: project.name,
      url: project.url,
      description: repo.description,
      homepage: project.homepage,
    },
  };
  await deliverAll(state, repo, hooks, 'Merge Request Hook', body);
}
