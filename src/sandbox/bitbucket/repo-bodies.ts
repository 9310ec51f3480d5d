import { createHash } from 'node:crypto';
import type { SandboxAccount } from '../accounts.js';
import { isoMillis } from '../clock.js';
import type { SandboxHook, SandboxPull, SandboxRepo } from '../git/types.js';
import type { SandboxState } from '../state.js';

/*
 * Bitbucket bodies for the repository API (swagger definitions `repository`, `branch`,
 * `pullrequest`, `webhook_subscription`, `workspace`), links pointing into the sandbox.
 */

/** A stable `{uuid}` for something that has none in the store (repositories, workspaces, hooks). */
export function braceUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}}`;
}

export const repoUuid = (repo: SandboxRepo) => braceUuid(`bitbucket-repo:${repo.id}`);
export const hookUuid = (repo: SandboxRepo, hook: SandboxHook) =>
  braceUuid(`bitbucket-hook:${repo.id}:${hook.id}`);

const link = (href: string) => ({ href });

/** The short `account` Bitbucket embeds (owner, author, actor). */
export function accountRef(account: SandboxAccount, state: SandboxState): Record<string, unknown> {
  const urls = state.requireUrls().bitbucket;
  const uuid = encodeURIComponent(account.uuid);
  return {
    display_name: account.name,
    links: {
      self: link(`${urls.api}/users/${uuid}`),
      avatar: link(`${urls.web}/account/${uuid}/avatar/32/`),
      html: link(`${urls.web}/${uuid}/`),
    },
    type: 'user',
    uuid: account.uuid,
    account_id: account.accountId,
    nickname: account.login,
  };
}

export function workspaceBody(state: SandboxState, slug: string): Record<string, unknown> {
  const urls = state.requireUrls().bitbucket;
  const account = state.accounts.get('bitbucket', slug);
  return {
    type: 'workspace',
    uuid: account?.uuid ?? braceUuid(`bitbucket-workspace:${slug.toLowerCase()}`),
    name: account?.name ?? slug,
    slug,
    is_private: true,
    links: {
      self: link(`${urls.api}/workspaces/${slug}`),
      html: link(`${urls.web}/${slug}/`),
      avatar: link(`${urls.web}/workspaces/${slug}/avatar/`),
      repositories: link(`${urls.api}/repositories/${slug}`),
    },
    created_on: isoMillis(account?.createdAtMs ?? 0),
  };
}

function ownerBody(state: SandboxState, repo: SandboxRepo): Record<string, unknown> {
  const account = state.accounts.get('bitbucket', repo.owner);
  if (repo.ownerKind === 'user' && account) return accountRef(account, state);
  const workspace = workspaceBody(state, repo.owner);
  return {
    type: 'team',
    uuid: workspace.uuid,
    display_name: workspace.name,
    username: repo.owner,
    links: workspace.links,
  };
}

/**
 * A `repository`. `mainbranch` is left out while the repository is empty: Bitbucket knows no main
 * branch before the first commit (repo-types.ts: "an empty Bitbucket repository").
 */
export function repoBody(state: SandboxState, repo: SandboxRepo, empty: boolean): Record<string, unknown> {
  const urls = state.requireUrls().bitbucket;
  const api = `${urls.api}/repositories/${repo.fullName}`;
  const html = `${urls.web}/${repo.fullName}`;
  const projectKey = repo.projectKey ?? 'PROJ';
  const body: Record<string, unknown> = {
    type: 'repository',
    uuid: repoUuid(repo),
    full_name: repo.fullName,
    name: repo.name,
    slug: repo.name,
    is_private: repo.private,
    scm: 'git',
    description: repo.description,
    fork_policy: repo.private ? 'no_public_forks' : 'allow_forks',
    language: '',
    has_issues: false,
    has_wiki: false,
    size: 0,
    created_on: isoMillis(repo.createdAtMs),
    updated_on: isoMillis(repo.createdAtMs),
    owner: ownerBody(state, repo),
    workspace: workspaceBody(state, repo.owner),
    project: {
      type: 'project',
      key: projectKey,
      uuid: braceUuid(`bitbucket-project:${repo.owner.toLowerCase()}:${projectKey}`),
      name: projectKey,
      links: { html: link(`${urls.web}/${repo.owner}/workspace/projects/${projectKey}`) },
    },
    links: {
      self: link(api),
      html: link(html),
      avatar: link(`${urls.web}/${repo.fullName}/avatar/32/`),
      pullrequests: link(`${api}/pullrequests`),
      commits: link(`${api}/commits`),
      forks: link(`${api}/forks`),
      watchers: link(`${api}/watchers`),
      downloads: link(`${api}/downloads`),
      hooks: link(`${api}/hooks`),
      clone: [
        { name: 'https', href: `${urls.web}/${repo.fullName}.git` },
        { name: 'ssh', href: `ssh://git@${new URL(urls.web).host}/${repo.fullName}.git` },
      ],
    },
  };
  if (!empty) body.mainbranch = { type: 'branch', name: repo.defaultBranch };
  return body;
}

/** A `branch` with its `target` commit (`target.hash`, forges.md §3.8). */
export function branchBody(
  state: SandboxState,
  repo: SandboxRepo,
  branch: { name: string; sha: string },
): Record<string, unknown> {
  const urls = state.requireUrls().bitbucket;
  const api = `${urls.api}/repositories/${repo.fullName}`;
  return {
    type: 'branch',
    name: branch.name,
    target: {
      type: 'commit',
      hash: branch.sha,
      links: {
        self: link(`${api}/commit/${branch.sha}`),
        html: link(`${urls.web}/${repo.fullName}/commits/${branch.sha}`),
      },
    },
    links: {
      self: link(`${api}/refs/branches/${encodeURIComponent(branch.name)}`),
      commits: link(`${api}/commits/${encodeURIComponent(branch.name)}`),
      html: link(`${urls.web}/${repo.fullName}/branch/${encodeURIComponent(branch.name)}`),
    },
    default_merge_strategy: 'merge_commit',
    merge_strategies: ['merge_commit', 'squash', 'fast_forward'],
  };
}

const PR_STATES = { open: 'OPEN', closed: 'DECLINED', merged: 'MERGED' } as const;

export function pullRequestBody(
  state: SandboxState,
  repo: SandboxRepo,
  pull: SandboxPull,
  ends: { source: string; destination: string },
): Record<string, unknown> {
  const urls = state.requireUrls().bitbucket;
  const api = `${urls.api}/repositories/${repo.fullName}/pullrequests/${pull.number}`;
  const author = state.accounts.get('bitbucket', pull.authorLogin);
  const repoRef = {
    type: 'repository',
    full_name: repo.fullName,
    name: repo.name,
    uuid: repoUuid(repo),
  };
  const endpoint = (name: string, hash: string) => ({
    branch: { name },
    commit: { hash: hash.slice(0, 12) },
    repository: repoRef,
  });
  return {
    type: 'pullrequest',
    id: pull.number,
    title: pull.title,
    description: pull.body,
    summary: { raw: pull.body, markup: 'markdown', html: '' },
    state: PR_STATES[pull.state],
    author: author ? accountRef(author, state) : undefined,
    source: endpoint(pull.head, ends.source),
    destination: endpoint(pull.base, ends.destination),
    close_source_branch: false,
    comment_count: 0,
    task_count: 0,
    reviewers: [],
    participants: [],
    created_on: isoMillis(pull.createdAtMs),
    updated_on: isoMillis(pull.createdAtMs),
    links: {
      self: link(api),
      html: link(`${urls.web}/${repo.fullName}/pull-requests/${pull.number}`),
      commits: link(`${api}/commits`),
      diff: link(`${api}/diff`),
    },
  };
}

export function hookBody(state: SandboxState, repo: SandboxRepo, hook: SandboxHook): Record<string, unknown> {
  const urls = state.requireUrls().bitbucket;
  return {
    type: 'webhook_subscription',
    uuid: hookUuid(repo, hook),
    url: hook.url,
    description: '',
    subject_type: 'repository',
    subject: { type: 'repository', full_name: repo.fullName, uuid: repoUuid(repo) },
    active: hook.active,
    created_at: isoMillis(hook.createdAtMs),
    events: hook.events,
    secret_set: hook.secret !== null,
    links: { self: link(`${urls.api}/repositories/${repo.fullName}/hooks/${hookUuid(repo, hook)}`) },
  };
}
