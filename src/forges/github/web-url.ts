import { hostnameOf, normaliseApiUrl, stripPathSuffix } from '../http/api-url.js';

export const GITHUB_API_URL = 'https://api.github.com';

/**
 * The web UI for an API base: `api.github.com` → `https://github.com`; GHES `https://HOST/api/v3`
 * → `https://HOST` (forges.md §1.10), also under a path prefix (the sandbox's
 * `http://127.0.0.1:PORT/github/api/v3` → `http://127.0.0.1:PORT/github`).
 */
export function gitHubWebUrl(apiUrl: string): string {
  if (hostnameOf(apiUrl) === 'api.github.com') return 'https://github.com';
  return stripPathSuffix(apiUrl, /\/api\/v3$/) ?? normaliseApiUrl(apiUrl);
}
