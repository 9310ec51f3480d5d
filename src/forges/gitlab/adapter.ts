import { normaliseApiUrl } from '../http/api-url.js';
import { createPipeline } from '../http/pipeline.js';
import type { AdapterConfig } from '../http/types.js';
import type { ForgeAdapter } from '../types.js';
import { gitLabGitTarget } from './git-target.js';
import { inspectGitLab } from './inspect.js';
import { gitLabRepoClient } from './repos.js';
import { revokeGitLab } from './revoke.js';
import { rotateGitLab } from './rotate.js';
import { gitLabSession } from './session.js';

export { GITLAB_NOTES } from './inspect.js';

/**
 * A GitLab adapter for one API base URL (`https://HOST/api/v4`, forges.md §2.10).
 *
 * - `inspect`: `/personal_access_tokens/self` and `/user` at once, one round trip (`inspect.ts`).
 * - `revoke`: `DELETE /personal_access_tokens/self` (`revoke.ts`).
 * - `rotate`: `POST /personal_access_tokens/self/rotate`, sent once (`rotate.ts`).
 * - `repos`: projects, branches, multi-file commits, merge requests, hooks (`repos.ts`, §2.8).
 * - `gitTarget`: clone URL and git username (`git-target.ts`, §2.9).
 *
 * Every error leaves through the session's `redact` (DESIGN.md principle 1).
 */
export function createGitLabAdapter(options: AdapterConfig): ForgeAdapter {
  const apiUrl = normaliseApiUrl(options.apiUrl);
  const http = createPipeline({ ...options, forge: 'gitlab', apiUrl });

  return {
    forge: 'gitlab',
    apiUrl,
    async inspect(token, kind, inspectOptions = {}) {
      const session = gitLabSession(http, apiUrl, token, inspectOptions.signal);
      const get = (path: string) => session.send({ method: 'GET', path });
      return session.redact(await inspectGitLab(get, kind, inspectOptions.knownAccount));
    },
    async revoke(token, kind, revokeOptions = {}) {
      const session = gitLabSession(http, apiUrl, token, revokeOptions.signal);
      return session.redact(await revokeGitLab(session.send, kind));
    },
    async rotate(token, kind, rotateOptions = {}) {
      const session = gitLabSession(http, apiUrl, token, rotateOptions.signal);
      return session.redact(await rotateGitLab(session.send, kind, rotateOptions.expiresAt));
    },
    repos(auth) {
      return gitLabRepoClient(gitLabSession(http, apiUrl, auth.token, auth.signal), apiUrl);
    },
    gitTarget(repo, kind) {
      return gitLabGitTarget(apiUrl, repo, kind);
    },
  };
}
