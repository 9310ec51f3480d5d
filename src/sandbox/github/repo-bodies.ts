import type { SandboxAccount } from '../accounts.js';
import { isoSeconds } from '../clock.js';
import type { CommitInfo, SandboxHook, SandboxRepo } from '../git/types.js';
import type { SandboxUrls } from '../types.js';
import { simpleUserFields } from './bodies.js';

/*
 * Response bodies of the repository endpoints, shaped like the schemas of
 * specs/github-openapi-subset.json (`repository`, `full-repository`, `short-branch`, `git-ref`,
 * `git-commit`, `pull-request`, `file-commit`), with links pointing into the sandbox.
 */

/** Who owns a repository, as GitHub shows the `owner` (`simple-user`): a User or an Organization. */
export interface OwnerView {
  login: string;
  id: number;
  type: 'User' | 'Organization';
}

export function simpleUser(owner: OwnerView, urls: SandboxUrls): Record<string, unknown> {
  return { ...simpleUserFields(owner, urls), user_view_type: 'public' };
}

export function accountOwner(account: SandboxAccount): OwnerView {
  return { login: account.login, id: account.id, type: 'User' };
}

/** The caller's role on the repository, as the `permissions` object says it. */
export interface RepoPermissions {
  admin: boolean;
  maintain: boolean;
  push: boolean;
  triage: boolean;
  pull: boolean;
}

export interface RepoBodyInput {
  repo: SandboxRepo;
  owner: OwnerView;
  urls: SandboxUrls;
  /** Sandbox time of the last push, or null. */
  pushedAtMs: number | null;
  /** Present when a token called (GitHub shows the caller's role). */
  permissions?: RepoPermissions;
}

/** The `repository` schema (`GET /user/repos` items). */
export function repositoryBody(input: RepoBodyInput): Record<string, unknown> {
  const { repo, owner, urls } = input;
  const api = `${urls.github.api}/repos/${repo.fullName}`;
  const html = `${urls.github.web}/${repo.fullName}`;
  const host = new URL(urls.github.web).host;
  const body: Record<string, unknown> = {
    id: repo.id,
    node_id: Buffer.from(`010:Repository${repo.id}`).toString('base64'),
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    owner: simpleUser(owner, urls),
    html_url: html,
    description: repo.description === '' ? null : repo.description,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${repo.fullName}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${repo.fullName}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: isoSeconds(input.pushedAtMs ?? repo.createdAtMs),
    created_at: isoSeconds(repo.createdAtMs),
    updated_at: isoSeconds(input.pushedAtMs ?? repo.createdAtMs),
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    forks: 0,
    open_issues: 0,
    watchers: 0,
  };
  if (input.permissions) body.permissions = input.permissions;
  return body;
}

/** The `full-repository` schema (`GET /repos/{o}/{r}`, `POST /user/repos`, `POST /orgs/{org}/repos`). */
export function fullRepositoryBody(input: RepoBodyInput): Record<string, unknown> {
  const body = repositoryBody(input);
  body.network_count = 0;
  body.subscribers_count = 1;
  body.temp_clone_token = null;
  body.allow_merge_commit = true;
  body.allow_squash_merge = true;
  body.allow_rebase_merge = true;
  body.allow_auto_merge = false;
  body.delete_branch_on_merge = false;
  if (input.owner.type === 'Organization') body.organization = simpleUser(input.owner, input.urls);
  return body;
}

export function branchBody(repo: SandboxRepo, urls: SandboxUrls, name: string, sha: string) {
  return {
    name,
    commit: { sha, url: `${urls.github.api}/repos/${repo.fullName}/commits/${sha}` },
    protected: repo.protectedBranches.has(name),
  };
}

/** The `git-ref` schema for `refs/heads/<branch>`. */
export function refBody(repo: SandboxRepo, urls: SandboxUrls, branch: string, sha: string) {
  const api = `${urls.github.api}/repos/${repo.fullName}`;
  const ref = `refs/heads/${branch}`;
  return {
    ref,
    node_id: Buffer.from(`03:Ref${repo.id}:${ref}`).toString('base64'),
    url: `${api}/git/${ref}`,
    object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
  };
}

function identity(person: CommitInfo['author']) {
  return { name: person.name, email: person.email, date: isoSeconds(person.dateMs) };
}

/** The `git-commit` schema. */
export function gitCommitBody(repo: SandboxRepo, urls: SandboxUrls, commit: CommitInfo) {
  const api = `${urls.github.api}/repos/${repo.fullName}`;
  const html = `${urls.github.web}/${repo.fullName}`;
  return {
    sha: commit.sha,
    node_id: Buffer.from(`06:Commit${repo.id}:${commit.sha}`).toString('base64'),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${html}/commit/${commit.sha}`,
    author: identity(commit.author),
    committer: identity(commit.committer),
    message: commit.message,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/git/commits/${sha}`,
      html_url: `${html}/commit/${sha}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

export function hookBody(repo: SandboxRepo, urls: SandboxUrls, hook: SandboxHook) {
  const api = `${urls.github.api}/repos/${repo.fullName}/hooks/${hook.id}`;
  return {
    type: 'Repository',
    id: hook.id,
    name: 'web',
    active: hook.active,
    events: hook.events,
    // GitHub never shows a hook's secret again, only that there is one.
    config: {
      content_type: 'json',
      insecure_ssl: '0',
      url: hook.url,
      ...(hook.secret === null ? {} : { secret: '********' }),
    },
    updated_at: isoSeconds(hook.createdAtMs),
    created_at: isoSeconds(hook.createdAtMs),
    url: api,
    test_url: `${api}/test`,
    ping_url: `${api}/pings`,
    deliveries_url: `${api}/deliveries`,
    last_response: { code: null, status: 'unused', message: null },
  };
}
