import { isoMillis } from '../clock.js';
import type { SandboxUrls } from '../types.js';
import type { GitLabGroup } from './namespaces.js';

/** `GET /groups/:id`, `POST /groups`: `API_Entities_Group` with the values a new gitlab.com group has. */
export function groupBody(group: GitLabGroup, urls: SandboxUrls): Record<string, unknown> {
  return {
    id: group.id,
    web_url: `${urls.gitlab.web}/groups/${group.fullPath}`,
    name: group.name,
    path: group.path,
    description: group.description,
    visibility: group.visibility,
    share_with_group_lock: false,
    require_two_factor_authentication: false,
    two_factor_grace_period: 48,
    project_creation_level: 'developer',
    auto_devops_enabled: null,
    subgroup_creation_level: 'maintainer',
    emails_disabled: false,
    emails_enabled: true,
    mentions_disabled: null,
    lfs_enabled: true,
    archived: false,
    default_branch: null,
    default_branch_protection: 2,
    avatar_url: null,
    request_access_enabled: true,
    full_name: group.fullPath.split('/').join(' / '),
    full_path: group.fullPath,
    created_at: isoMillis(group.createdAtMs),
    parent_id: group.parentId,
    organization_id: 1,
    shared_runners_setting: 'enabled',
    ldap_cn: null,
    ldap_access: null,
    wiki_access_level: 'enabled',
    shared_with_groups: [],
  };
}
