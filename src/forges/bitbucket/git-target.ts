import type { TokenKind } from '../../domain/token-kind.js';
import type { GitTarget, RepoRef } from '../repo-types.js';

/**
 * Git over HTTPS to Bitbucket Cloud (forges.md §3.1 and the cheat sheet's "Git HTTPS username"):
 * API tokens go with the Bitbucket username or the static `x-bitbucket-api-token-auth` — the static
 * name, since the username is not known without a call; access tokens (and OAuth) with
 * `x-token-auth`. App passwords were removed on 2026-07-28 (§3.3) and needed the username; the
 * static access-token name is the best offline guess and fails like the password itself would.
 */
export const BITBUCKET_GIT_USERNAMES = {
  api_token: 'x-bitbucket-api-token-auth',
  access_token: 'x-token-auth',
} as const;

export function bitbucketGitTarget(webUrl: string, repo: RepoRef, kind: TokenKind): GitTarget {
  const path = `${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}.git`;
  const username =
    kind === 'api_token' ? BITBUCKET_GIT_USERNAMES.api_token : BITBUCKET_GIT_USERNAMES.access_token;
  return { url: `${webUrl.replace(/\/+$/, '')}/${path}`, username };
}
