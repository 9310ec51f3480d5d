import type { TokenKind } from '../../domain/token-kind.js';
import type { GitTarget, RepoRef } from '../repo-types.js';
import { gitLabWebUrl } from './web-url.js';

/**
 * The HTTPS clone URL and the git username for a token kind (forges.md §2.9, cheat sheet): GitLab
 * ignores the username beside a personal access token but wants one; `oauth2` is what older GitLab
 * required for OAuth tokens and is accepted for PATs everywhere, so it is safe for both. CI job
 * tokens authenticate as `gitlab-ci-token`.
 */
export function gitLabGitTarget(apiUrl: string, repo: RepoRef, kind: TokenKind): GitTarget {
  return {
    url: `${gitLabWebUrl(apiUrl)}/${repo.owner}/${repo.name}.git`,
    username: kind === 'ci-job' ? 'gitlab-ci-token' : 'oauth2',
  };
}
