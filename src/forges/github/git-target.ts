import type { TokenKind } from '../../domain/token-kind.js';
import type { GitTarget, RepoRef } from '../repo-types.js';

/** GitHub App tokens go with `x-access-token` (forges.md §1.9). */
const APP_KINDS: ReadonlySet<TokenKind> = new Set<TokenKind>(['app-installation', 'app-user', 'app-refresh']);

/**
 * Where git reaches a GitHub repository over HTTPS: `{web}/{owner}/{name}.git` (github.com, GHES
 * `https://HOST/owner/repo.git`, forges.md §1.10), and the username beside the token (cheat sheet
 * "Git HTTPS username", §1.9): GitHub ignores it for PATs but requires it non-empty, so we send a
 * recognisable `forgekeeper`; App tokens use `x-access-token`. A fine-grained PAT must be the
 * password, never the username, which is what git's credential protocol does with these.
 */
export function gitHubGitTarget(webUrl: string, repo: RepoRef, kind: TokenKind): GitTarget {
  const path = [repo.owner, repo.name].map(encodeURIComponent).join('/');
  return {
    url: `${webUrl}/${path}.git`,
    username: APP_KINDS.has(kind) ? 'x-access-token' : 'forgekeeper',
  };
}
