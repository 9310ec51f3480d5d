import { hostnameOf, normaliseApiUrl, stripPathSuffix } from '../http/api-url.js';

/**
 * The web UI for an API base: `api.bitbucket.org/2.0` → `https://bitbucket.org`; any other
 * `…/2.0` → the part before it (the sandbox's `http://127.0.0.1:PORT/bitbucket/2.0`).
 */
export function bitbucketWebUrl(apiUrl: string): string {
  if (hostnameOf(apiUrl) === 'api.bitbucket.org') return 'https://bitbucket.org';
  return stripPathSuffix(apiUrl, /\/2\.0$/) ?? normaliseApiUrl(apiUrl);
}
