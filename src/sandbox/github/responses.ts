import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { ForgeReply } from '../forge-reply.js';
import type { WindowState } from '../rate-limits.js';

/** GitHub's error body shape: message, documentation_url and (since ~2023) a string status (forges.md §1.4). */
export function githubError(
  status: number,
  message: string,
  documentationUrl = 'https://docs.github.com/rest',
  headers: Record<string, string> = {},
): ForgeReply {
  return { status, body: { message, documentation_url: documentationUrl, status: String(status) }, headers };
}

/** Unknown, expired and revoked tokens all get this, byte for byte (forges.md §1.4). */
export function badCredentials(headers: Record<string, string>): ForgeReply {
  return githubError(401, 'Bad credentials', 'https://docs.github.com/rest', headers);
}

export const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

export function primaryLimitExceeded(
  status: 403 | 429,
  who: string,
  headers: Record<string, string>,
): ForgeReply {
  return githubError(status, `API rate limit exceeded for ${who}.`, RATE_LIMIT_DOCS, headers);
}

/** The per-IP variant GitHub sends to unauthenticated callers. */
export function ipLimitMessage(ip: string): string {
  return `${ip}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)`;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Bad credentials',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Validation Failed',
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
};

/** GitHub's usual body for a status (a `status` fault). */
export function githubStatusReply(status: number): ForgeReply {
  return githubError(status, STATUS_MESSAGES[status] ?? STATUS_CODES[status] ?? 'Error');
}

/**
 * Sent when `User-Agent` is missing (forges.md §1.2). GitHub's front end answers this in plain text,
 * before looking at the token.
 */
export const MISSING_USER_AGENT: ForgeReply = {
  status: 403,
  contentType: 'text/plain; charset=utf-8',
  body:
    'Request forbidden by administrative rules. Please make sure your request has a User-Agent header ' +
    '(https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). ' +
    'Check https://developer.github.com for other possible causes.\n',
};

/** `x-ratelimit-*` (forges.md §1.7); `reset` is UTC epoch seconds. */
export function rateLimitHeaders(state: WindowState, resource = 'core'): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(Math.ceil(state.resetMs / 1000)),
    'x-ratelimit-used': String(state.used),
    'x-ratelimit-resource': resource,
  };
}

/** `X-GitHub-Request-Id`, shaped like GitHub's: `CA8C:2F5E:1C0E5B1:1D2A8F3:6650A1B2`. */
export function githubRequestId(): string {
  const hex = randomBytes(15).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 15)}:${hex.slice(15, 22)}:${hex.slice(22, 30)}`;
}

/** `github-authentication-token-expiration: 2027-01-01 00:00:00 UTC` (forges.md §1.3). */
export function expirationHeader(expiresAtMs: number): string {
  return `${new Date(expiresAtMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
