import { isoMillis } from '../clock.js';
import type { SandboxRepo } from '../git/types.js';
import type { SandboxUrls } from '../types.js';
import type { GitLabNamespace } from './namespaces.js';
import type { GitLabProjects } from './projects.js';

/*
 * Project, namespace and group bodies in the shapes of GitLab's entities (spec
 * `API_Entities_BasicProjectDetails`, `API_Entities_ProjectWithAccess`, `API_Entities_NamespaceBasic`,
 * `API_Entities_Namespace`, `API_Entities_Group`). Fields GitLab sends as null (no avatar, top-level
 * `parent_id`) are null here too.
 */

type Body = Record<string, unknown>;

export function namespaceBasicBody(namespace: GitLabNamespace, urls: SandboxUrls): Body {
  if (namespace.kind === 'user') {
    return {
      id: namespace.id,
      name: namespace.name,
      path: namespace.path,
      kind: 'user',
      full_path: namespace.path,
      parent_id: null,
      avatar_url: null,
      web_url: `${urls.gitlab.web}/${namespace.path}`,
    };
  }
  const { group } = namespace;
  return {
    id: group.id,
    name: group.name,
    path: group.path,
    kind: 'group',
    full_path: group.fullPath,
    parent_id: group.parentId,
    avatar_url: null,
    web_url: `${urls.gitlab.web}/groups/${group.fullPath}`,
  };
}

/** `GET /namespaces` entries: the basic namespace plus counts. */
export function namespaceBody(namespace: GitLabNamespace, urls: SandboxUrls, projectsCount: number): Body {
  return {
    ...namespaceBasicBody(namespace, urls),
    members_count_with_descendants: namespace.kind === 'group' ? namespace.group.members.size : 1,
    billable_members_count: namespace.kind === 'group' ? namespace.group.members.size : 1,
    projects_count: projectsCount,
    root_repository_size: 0,
    plan: 'free',
    trial: false,
    trial_ends_on: null,
    max_seats_used: null,
    seats_in_use: null,
    end_date: null,
  };
}

/** A namespace the store's repository lives in, even when nothing else describes it. */
function namespaceOf(repo: SandboxRepo, projects: GitLabProjects, urls: SandboxUrls): Body {
  const namespace = projects.namespaceOf(repo);
  if (namespace) return namespaceBasicBody(namespace, urls);
  return {
    id: 0,
    name: repo.owner,
    path: repo.owner.split('/').at(-1) ?? repo.owner,
    kind: repo.ownerKind === 'user' ? 'user' : 'group',
    full_path: repo.owner,
    parent_id: null,
    avatar_url: null,
    web_url: `${urls.gitlab.web}/${repo.owner}`,
  };
}

export function projectWebUrl(repo: SandboxRepo, urls: SandboxUrls): string {
  return `${urls.gitlab.web}/${repo.fullName}`;
}

/** `simple=true` and list entries: `API_Entities_BasicProjectDetails`. */
export function basicProjectBody(repo: SandboxRepo, projects: GitLabProjects, urls: SandboxUrls): Body {
  const webUrl = projectWebUrl(repo, urls);
  const namespace = namespaceOf(repo, projects, urls);
  return {
    id: repo.id,
    description: repo.description,
    name: projects.displayName(repo),
    name_with_namespace: `${String(namespace.name)} / ${projects.displayName(repo)}`,
    path: repo.name,
    path_with_namespace: repo.fullName,
    created_at: isoMillis(repo.createdAtMs),
    default_branch: repo.defaultBranch,
    tag_list: [],
    topics: [],
    ssh_url_to_repo: `git@${new URL(urls.gitlab.web).hostname}:${repo.fullName}.git`,
    http_url_to_repo: `${webUrl}.git`,
    web_url: webUrl,
    readme_url: null,
    forks_count: 0,
    avatar_url: null,
    star_count: 0,
    last_activity_at: isoMillis(repo.createdAtMs),
    visibility: projects.visibility(repo),
    namespace,
    repository_storage: 'default',
  };
}

/** `GET /projects/:id`, `POST /projects`: `API_Entities_ProjectWithAccess` (a representative subset). */
export function projectBody(
  repo: SandboxRepo,
  projects: GitLabProjects,
  urls: SandboxUrls,
  viewer: { login: string },
  facts: { empty: boolean; creatorId: number },
): Body {
  const basic = basicProjectBody(repo, projects, urls);
  const apiBase = `${urls.gitlab.api}/projects/${repo.id}`;
  const owner = projects.namespaceOf(repo);
  const accessLevel = projects.isMaintainer(repo, viewer.login)
    ? 40
    : projects.isMember(repo, viewer.login)
      ? 30
      : null;
  return {
    ...basic,
    _links: {
      self: apiBase,
      issues: `${apiBase}/issues`,
      merge_requests: `${apiBase}/merge_requests`,
      repo_branches: `${apiBase}/repository/branches`,
      labels: `${apiBase}/labels`,
      events: `${apiBase}/events`,
      members: `${apiBase}/members`,
      cluster_agents: `${apiBase}/cluster_agents`,
    },
    packages_enabled: true,
    empty_repo: facts.empty,
    archived: false,
    ...(owner?.kind === 'user'
      ? {
          owner: {
            id: owner.account.id,
            username: owner.account.login,
            name: owner.account.name,
            state: 'active',
            locked: false,
            avatar_url: null,
            web_url: `${urls.gitlab.web}/${owner.account.login}`,
          },
        }
      : {}),
    resolve_outdated_diff_discussions: false,
    repository_object_format: 'sha1',
    issues_enabled: true,
    merge_requests_enabled: true,
    wiki_enabled: true,
    jobs_enabled: true,
    snippets_enabled: true,
    container_registry_enabled: true,
    service_desk_enabled: false,
    can_create_merge_request_in: accessLevel !== null,
    issues_access_level: 'enabled',
    repository_access_level: 'enabled',
    merge_requests_access_level: 'enabled',
    forking_access_level: 'enabled',
    wiki_access_level: 'enabled',
    builds_access_level: 'enabled',
    snippets_access_level: 'enabled',
    pages_access_level: 'private',
    emails_disabled: false,
    emails_enabled: true,
    shared_runners_enabled: true,
    lfs_enabled: true,
    creator_id: facts.creatorId,
    import_status: 'none',
    open_issues_count: 0,
    description_html:
      repo.description === ''
        ? ''
        : `<p data-sourcepos="1:1-1:${repo.description.length}" dir="auto">${escapeHtml(repo.description)}</p>`,
    updated_at: isoMillis(repo.createdAtMs),
    ci_config_path: '',
    public_jobs: true,
    shared_with_groups: [],
    only_allow_merge_if_pipeline_succeeds: false,
    request_access_enabled: true,
    remove_source_branch_after_merge: true,
    printing_merge_request_link_enabled: true,
    merge_method: 'merge',
    squash_option: 'default_off',
    permissions: {
      project_access: accessLevel === null ? null : { access_level: accessLevel, notification_level: 3 },
      group_access: null,
    },
  };
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
