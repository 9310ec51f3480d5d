import type { ForgeDefinition } from '../types.js';
import { createBitbucketAdapter } from './adapter.js';
import { bitbucketWebUrl } from './web-url.js';

export { bitbucketWebUrl };

export const BITBUCKET_API_URL = 'https://api.bitbucket.org/2.0';

export const bitbucketDefinition = {
  id: 'bitbucket',
  defaultApiUrl: BITBUCKET_API_URL,
  webUrl: bitbucketWebUrl,
  createAdapter: (options = {}) =>
    createBitbucketAdapter({ ...options, apiUrl: options.apiUrl ?? BITBUCKET_API_URL }),
} satisfies ForgeDefinition;
