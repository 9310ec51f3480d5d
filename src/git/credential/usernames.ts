import type { ForgeId } from '../../domain/forge.js';
import type { TokenKind } from '../../domain/token-kind.js';

/**
 * The username git sends with a token over HTTPS (forges.md §0 "Git HTTPS username", §1.9, §2.9,
 * §3.1): GitHub takes any non-empty name (`x-access-token` is the one App tokens need, so it works
 * for every kind); GitLab ignores it for PATs and wanted `oauth2` for OAuth tokens; Bitbucket API
 * tokens take `x-bitbucket-api-token-auth` (or the Bitbucket username), access tokens only
 * `x-token-auth`, and app passwords only the account's username. Null: no name is known to work.
 */
export function gitUsername(
  forge: ForgeId,
  kind: TokenKind,
  login: string | null,
  given: string | null,
): string | null {
  const fromGit = given !== null && given !== '' ? given : null;
  const ownLogin = fromGit !== null && login !== null && fromGit.toLowerCase() === login.toLowerCase();
  switch (forge) {
    case 'github':
      // The username is ignored for tokens: keep the one git was configured with, if any.
      return ownLogin ? fromGit : 'x-access-token';
    case 'gitlab':
      return ownLogin ? fromGit : 'oauth2';
    case 'bitbucket':
      if (kind === 'access_token') return 'x-token-auth';
      if (kind === 'api_token') return ownLogin ? fromGit : 'x-bitbucket-api-token-auth';
      return login;
  }
}

/** Names that say nothing about an account: git configs carry them for every token alike. */
export const MAGIC_USERNAMES: ReadonlySet<string> = new Set([
  'x-access-token',
  'oauth2',
  'x-token-auth',
  'x-bitbucket-api-token-auth',
  'x-oauth-basic',
  'gitlab-ci-token',
]);
