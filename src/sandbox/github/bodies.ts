import type { SandboxAccount } from '../accounts.js';
import { HOUR_MS, isoSeconds, MINUTE_MS } from '../clock.js';
import type { WindowState } from '../rate-limits.js';
import type { SandboxUrls } from '../types.js';

/** A user or an organisation as GitHub shows one anywhere (`simple-user`), links into the sandbox. */
export function simpleUserFields(
  owner: { login: string; id: number; type: 'User' | 'Organization' },
  urls: SandboxUrls,
): Record<string, unknown> {
  // Organisations are linked under /users/ too in `simple-user` bodies.
  const api = `${urls.github.api}/users/${owner.login}`;
  // The legacy global node id: base64 of "04:User<id>" (e.g. MDQ6VXNlcjE= for id 1).
  const prefix = owner.type === 'User' ? '04:User' : '012:Organization';
  return {
    login: owner.login,
    id: owner.id,
    node_id: Buffer.from(`${prefix}${owner.id}`).toString('base64'),
    avatar_url: `${urls.github.web}/avatars/u/${owner.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${urls.github.web}/${owner.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: owner.type,
    site_admin: false,
  };
}

/**
 * `GET /user` as GitHub answers it to the user themselves: the `private-user` schema of
 * specs/github-openapi-subset.json, with links pointing into the sandbox.
 */
export function privateUserBody(account: SandboxAccount, urls: SandboxUrls): Record<string, unknown> {
  return {
    ...simpleUserFields({ login: account.login, id: account.id, type: 'User' }, urls),
    user_view_type: 'private',
    name: account.name,
    company: null,
    blog: '',
    location: null,
    email: account.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: account.email,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: isoSeconds(account.createdAtMs),
    updated_at: isoSeconds(account.createdAtMs),
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976_562_499, collaborators: 0, private_repos: 10_000 },
  };
}

function resource(state: WindowState): Record<string, number> {
  return {
    limit: state.limit,
    used: state.used,
    remaining: state.remaining,
    reset: Math.ceil(state.resetMs / 1000),
  };
}

function untouched(limit: number, periodMs: number, nowMs: number): Record<string, number> {
  return resource({ limit, used: 0, remaining: limit, resetMs: nowMs + periodMs });
}

/**
 * `GET /rate_limit` (the `rate-limit-overview` schema). Only `core` is counted by the sandbox; the
 * other resources show their documented budgets untouched.
 */
export function rateLimitBody(
  core: WindowState,
  authenticated: boolean,
  nowMs: number,
): Record<string, unknown> {
  const coreBody = resource(core);
  return {
    resources: {
      core: coreBody,
      search: untouched(authenticated ? 30 : 10, MINUTE_MS, nowMs),
      graphql: untouched(authenticated ? 5_000 : 0, HOUR_MS, nowMs),
      integration_manifest: untouched(5_000, HOUR_MS, nowMs),
      code_search: untouched(authenticated ? 10 : 0, MINUTE_MS, nowMs),
    },
    rate: coreBody,
  };
}
