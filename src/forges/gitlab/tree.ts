import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { parseResponse } from '../http/parse-response.js';
import { decodeCursor, encodeCursor, MAX_PER_PAGE, nextLink } from './pages.js';
import { gitLabTreeListSchema } from './schemas.js';
import type { GitLabSend } from './session.js';
import { translateGitLabError } from './translate-error.js';

/** Upper bound on tree pages read for one commit (100 entries each): a 100,000-entry tree. */
const MAX_TREE_PAGES = 1_000;

/**
 * Every file of `ref` → whether it is executable, from `GET /projects/:id/repository/tree?recursive=true`
 * following GitLab's next links (forges.md §2.8). A ref GitLab has no tree for (an empty project, a
 * branch not there yet) has no files.
 */
export async function listFiles(
  send: GitLabSend,
  apiUrl: string,
  project: string,
  ref: string,
): Promise<Result<Map<string, boolean>, FkError>> {
  const files = new Map<string, boolean>();
  let url: string | null =
    `${apiUrl}/projects/${project}/repository/tree?ref=${encodeURIComponent(ref)}&recursive=true&per_page=${MAX_PER_PAGE}`;
  for (let pages = 0; url !== null && pages < MAX_TREE_PAGES; pages++) {
    const outcome = await send({ method: 'GET', path: '', url });
    if (outcome.type === 'response' && outcome.response.status === 404 && pages === 0) {
      const text = JSON.stringify(outcome.response.json ?? '');
      if (/Tree Not Found/i.test(text)) return ok(files);
    }
    if (outcome.type !== 'response' || outcome.response.status !== 200)
      return err(translateGitLabError(outcome));
    const parsed = parseResponse('gitlab', outcome.response, gitLabTreeListSchema);
    if (!parsed.ok) return parsed;
    for (const entry of parsed.value)
      if (entry.type === 'blob') files.set(entry.path, entry.mode === '100755');
    const next = nextLink(outcome.response.headers.get('link'));
    const checked = next === null ? null : decodeCursor(encodeCursor(next, 0), apiUrl);
    url = checked?.ok ? checked.value.url : null;
  }
  return ok(files);
}
