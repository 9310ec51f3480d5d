import { isRateLimitedByHeaders } from '../http/rate-limit.js';
import type { HttpResponse } from '../http/types.js';
import { gitHubMessageOf } from './schemas.js';

/** Why GitHub refuses for a while: primary/secondary limits, or the failed-login limit (forges.md §1.4, §1.7). */
export type GitHubThrottle = 'primary' | 'secondary' | 'failed_login';

/**
 * Which throttle a 403/429 is, or null. Secondary limits and the failed-login limit may come without
 * any header, so the message decides there. The failed-login limit answers 403 to ALL auth attempts
 * of a user, valid tokens included: it says nothing about this token, so it is a "retry later".
 */
export function gitHubThrottleOf(response: HttpResponse): GitHubThrottle | null {
  if (response.status !== 403 && response.status !== 429) return null;
  const message = gitHubMessageOf(response.json) ?? '';
  if (/login attempts/i.test(message)) return 'failed_login';
  if (/secondary rate limit|temporarily blocked/i.test(message)) return 'secondary';
  if (/rate limit/i.test(message)) return 'primary';
  if (!isRateLimitedByHeaders(response)) return null;
  return response.headers.get('x-ratelimit-remaining')?.trim() === '0' ? 'primary' : 'secondary';
}

export function isGitHubRateLimited(response: HttpResponse): boolean {
  return gitHubThrottleOf(response) !== null;
}
