import type { RateLimitState } from '../../domain/inspection.js';
import type { HttpResponse, ResponseHeaders } from './types.js';

/** When a forge says "later" without saying when: GitHub's advice is to wait at least a minute (forges.md §1.7). */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Epoch seconds below this are read as a delta in seconds (the IETF RateLimit draft's meaning), above as Unix time (GitLab's, forges.md §2.7). */
const EPOCH_THRESHOLD_S = 1_000_000_000;

/**
 * Parses `Retry-After`: delay-seconds or an HTTP date (RFC 9110 §10.2.3). Returns the epoch
 * milliseconds it names, or null when absent or unreadable. `now` is the server's clock.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return now + Number(trimmed) * 1000;
  return parseHttpDate(trimmed);
}

/**
 * When the forge allows the next request, as epoch ms on OUR clock, or null if the headers don't say.
 * Order (forges.md §1.7, §2.7): `Retry-After`; GitHub `x-ratelimit-reset` when `x-ratelimit-remaining`
 * is 0; GitLab `RateLimit-ResetTime` (HTTP date) then `RateLimit-Reset`. Absolute times are read
 * against the response's `Date` header and shifted onto our clock, so a forge (or a sandbox with
 * its own clock) whose clock is off does not make us wait for hours or not at all.
 */
export function retryAtOf(headers: ResponseHeaders, now: number): number | null {
  const serverNow = parseHttpDate(headers.get('date')) ?? now;
  const skew = now - serverNow;
  const fromRetryAfter = parseRetryAfter(headers.get('retry-after'), serverNow);
  if (fromRetryAfter !== null) return fromRetryAfter + skew;
  if (headers.get('x-ratelimit-remaining')?.trim() === '0') {
    const reset = parseResetSeconds(headers.get('x-ratelimit-reset'), serverNow);
    if (reset !== null) return reset + skew;
  }
  const resetTime = parseHttpDate(headers.get('ratelimit-resettime'));
  if (resetTime !== null) return resetTime + skew;
  const reset = parseResetSeconds(headers.get('ratelimit-reset'), serverNow);
  return reset === null ? null : reset + skew;
}

/**
 * The default "is this a rate limit?" rule: any 429, and a 403 that carries a rate-limit signal
 * (`x-ratelimit-remaining: 0` or `Retry-After`). Forges with message-only signals extend it.
 */
export function isRateLimitedByHeaders(response: HttpResponse): boolean {
  if (response.status === 429) return true;
  if (response.status !== 403) return false;
  const h = response.headers;
  return h.get('x-ratelimit-remaining')?.trim() === '0' || h.has('retry-after');
}

/**
 * Budget headers for `Inspection.rateLimit`: GitHub and Bitbucket `X-RateLimit-*` (§1.7, §3.7), GitLab
 * `RateLimit-*` (§2.7). Null when the forge sent none (Bitbucket API tokens, self-managed GitLab).
 */
export function readRateLimitState(headers: ResponseHeaders): RateLimitState | null {
  // The first of the two names that is present (no arrays: this runs for every forge answer).
  const pick = (name: string, fallback: string) => headers.get(name) ?? headers.get(fallback);
  const limit = toInt(pick('x-ratelimit-limit', 'ratelimit-limit'));
  const remaining = toInt(pick('x-ratelimit-remaining', 'ratelimit-remaining'));
  const resetSeconds = toInt(pick('x-ratelimit-reset', 'ratelimit-reset'));
  const resource = pick('x-ratelimit-resource', 'ratelimit-name');
  if (limit === null && remaining === null && resetSeconds === null && resource === null) return null;
  const resetAt =
    resetSeconds !== null && resetSeconds >= EPOCH_THRESHOLD_S ? toIso(resetSeconds * 1000) : null;
  return { limit, remaining, resetAt, resource };
}

function parseResetSeconds(value: string | null, now: number): number | null {
  const seconds = toInt(value);
  if (seconds === null) return null;
  return seconds >= EPOCH_THRESHOLD_S ? seconds * 1000 : now + seconds * 1000;
}

function parseHttpDate(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function toInt(value: string | null): number | null {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}

function toIso(ms: number): string | null {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
