/** forges.md §1.2: User-Agent is mandatory; pin the API version. Sent on every GitHub call. */
export const BASE_HEADERS = {
  'User-Agent': 'forgekeeper',
  Accept: 'application/vnd.github+json',
  'X-GitHub-Api-Version': '2022-11-28',
} as const;
