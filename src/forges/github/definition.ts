import type { ForgeDefinition } from '../types.js';
import { createGitHubAdapter } from './adapter.js';
import { GITHUB_API_URL, gitHubWebUrl } from './web-url.js';

export { GITHUB_API_URL, gitHubWebUrl };

export const gitHubDefinition = {
  id: 'github',
  defaultApiUrl: GITHUB_API_URL,
  webUrl: gitHubWebUrl,
  createAdapter: (options = {}) =>
    createGitHubAdapter({ ...options, apiUrl: options.apiUrl ?? GITHUB_API_URL }),
} satisfies ForgeDefinition;
