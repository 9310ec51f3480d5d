import { normaliseApiUrl, stripPathSuffix } from '../http/api-url.js';

/** The web UI for an API base: the part before `/api/v4` (forges.md §2.10), path prefixes kept. */
export function gitLabWebUrl(apiUrl: string): string {
  return stripPathSuffix(apiUrl, /\/api\/v4$/) ?? normaliseApiUrl(apiUrl);
}
