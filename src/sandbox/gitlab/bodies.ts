import type { SandboxAccount } from '../accounts.js';
import { isoMillis, utcDate } from '../clock.js';
import { isExpired, isRevoked, type TokenRecord } from '../tokens.js';
import type { SandboxUrls } from '../types.js';

/**
 * `GET /personal_access_tokens/self` (forges.md §2.3; spec `API_Entities_PersonalAccessTokenWithLastUsedIps`).
 * `expires_at` is a date (`YYYY-MM-DD`) or null, as GitLab documents it (specs/README.md).
 */
export function personalAccessTokenBody(
  record: TokenRecord,
  userId: number,
  nowMs: number,
): Record<string, unknown> {
  const revoked = isRevoked(record);
  return {
    id: record.number,
    name: record.name,
    revoked,
    created_at: isoMillis(record.createdAtMs),
    description: record.description,
    scopes: [...record.scopes],
    user_id: userId,
    last_used_at: record.lastUsedAtMs === null ? null : isoMillis(record.lastUsedAtMs),
    active: !revoked && !isExpired(record, nowMs),
    expires_at: record.expiresAtMs === null ? null : utcDate(record.expiresAtMs),
    last_used_ips: [...record.lastUsedIps],
  };
}

/** `GET /user` for the token's owner (spec `API_Entities_CurrentUser`, fields from GitLab's docs). */
export function currentUserBody(account: SandboxAccount, urls: SandboxUrls): Record<string, unknown> {
  return {
    id: account.id,
    username: account.login,
    public_email: null,
    name: account.name,
    state: 'active',
    locked: false,
    avatar_url: `${urls.gitlab.web}/uploads/-/system/user/avatar/${account.id}/avatar.png`,
    web_url: `${urls.gitlab.web}/${account.login}`,
    created_at: isoMillis(account.createdAtMs),
    bio: '',
    location: '',
    organization: '',
    job_title: '',
    bot: false,
    last_sign_in_at: isoMillis(account.createdAtMs),
    confirmed_at: isoMillis(account.createdAtMs),
    last_activity_on: utcDate(account.createdAtMs),
    email: account.email,
    commit_email: account.email,
    projects_limit: 100000,
    can_create_group: true,
    can_create_project: true,
    two_factor_enabled: true,
    external: false,
    private_profile: false,
    is_admin: false,
  };
}
