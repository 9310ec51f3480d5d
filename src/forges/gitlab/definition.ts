import type { ForgeDefinition } from '../types.js';
import { createGitLabAdapter } from './adapter.js';
import { gitLabWebUrl } from './web-url.js';

export { gitLabWebUrl } from './web-url.js';

export const GITLAB_API_URL = 'https://gitlab.com/api/v4';

export const gitLabDefinition = {
  id: 'gitlab',
  defaultApiUrl: GITLAB_API_URL,
  webUrl: gitLabWebUrl,
  createAdapter: (options = {}) =>
    createGitLabAdapter({ ...options, apiUrl: options.apiUrl ?? GITLAB_API_URL }),
} satisfies ForgeDefinition;
