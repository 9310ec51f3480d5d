import { normaliseApiUrl, stripPathSuffix } from '../http/api-url.js';
import type { ForgeDefinition } from '../types.js';
import { createGitLabAdapter } from './adapter.js';

export const GITLAB_API_URL = 'https://gitlab.com/api/v4';

/** The web UI for an API base: the part before `/api/v4` (forges.md §2.10), path prefixes kept. */
export function gitLabWebUrl(apiUrl: string): string {
  return stripPathSuffix(apiUrl, /\/api\/v4$/) ?? normaliseApiUrl(apiUrl);
}

export const gitLabDefinition = {
  id: 'gitlab',
  defaultApiUrl: GITLAB_API_URL,
  webUrl: gitLabWebUrl,
  createAdapter: (options = {}) =>
    createGitLabAdapter({ ...options, apiUrl: options.apiUrl ?? GITLAB_API_URL }),
} satisfies ForgeDefinition;
