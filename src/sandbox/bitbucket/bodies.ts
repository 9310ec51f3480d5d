import type { SandboxAccount } from '../accounts.js';
import { isoMillis } from '../clock.js';
import type { SandboxUrls } from '../types.js';

/** `GET /2.0/user`: a `user` (spec `account` + `user` fields), links pointing into the sandbox. */
export function userBody(account: SandboxAccount, urls: SandboxUrls): Record<string, unknown> {
  const uuid = encodeURIComponent(account.uuid);
  return {
    display_name: account.name,
    links: {
      self: { href: `${urls.bitbucket.api}/users/${uuid}` },
      avatar: { href: `${urls.bitbucket.web}/account/${uuid}/avatar/32/` },
      repositories: { href: `${urls.bitbucket.api}/repositories/${uuid}` },
      snippets: { href: `${urls.bitbucket.api}/snippets/${uuid}` },
      html: { href: `${urls.bitbucket.web}/${uuid}/` },
      hooks: { href: `${urls.bitbucket.api}/workspaces/${uuid}/hooks` },
    },
    created_on: isoMillis(account.createdAtMs),
    type: 'user',
    uuid: account.uuid,
    has_2fa_enabled: false,
    username: account.login,
    is_staff: false,
    account_id: account.accountId,
    nickname: account.login,
    account_status: 'active',
    location: null,
  };
}
