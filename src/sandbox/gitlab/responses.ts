import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { ForgeReply } from '../forge-reply.js';
import type { WindowState } from '../rate-limits.js';

/** GitLab's generic 401 for a missing or unknown token (forges.md §2.4). */
export const UNAUTHORIZED: ForgeReply = { status: 401, body: { message: '401 Unauthorized' } };

export const EXPIRED_DESCRIPTION = 'Token is expired. You can either do re-authorization or token refresh.';
export const REVOKED_DESCRIPTION = 'Token was revoked. You have to re-authorize from the user.';
export const BAD_TOKEN_DESCRIPTION = 'Bad Access Token.';

/** OAuth-style 401 from GitLab's API guard, with its `WWW-Authenticate` (forges.md §2.4). */
export function invalidToken(description: string): ForgeReply {
  return {
    status: 401,
    body: { error: 'invalid_token', error_description: description },
    headers: {
      'www-authenticate': `Bearer realm="", error="invalid_token", error_description="${description}"`,
    },
  };
}

/**
 * Missing scope (forges.md §2.4): `scope` names what was needed; rack-oauth2 joins a list with spaces,
 * the array form is the UNCERTAIN alternative. No `WWW-Authenticate` on 403 (a FIXME in GitLab).
 */
export function insufficientScope(scopes: readonly string[], format: 'string' | 'array'): ForgeReply {
  return {
    status: 403,
    body: {
      error: 'insufficient_scope',
      error_description: 'The request requires higher privileges than provided by the access token.',
      scope: format === 'string' ? scopes.join(' ') : [...scopes],
    },
  };
}

/** GitLab's usual body for a status: `{"message":"502 Bad Gateway"}`. */
export function gitlabStatusReply(status: number): ForgeReply {
  return { status, body: { message: `${status} ${STATUS_CODES[status] ?? 'Error'}` } };
}

export function badRequest(message: string): ForgeReply {
  return { status: 400, body: { message: `400 Bad request - ${message}` } };
}

/** Rack::Attack throttle names on gitlab.com (forges.md §2.7). */
export type ThrottleName = 'throttle_authenticated_api' | 'throttle_unauthenticated_api';

/** `RateLimit-*` on every throttled-path response (forges.md §2.7); `reset` is Unix seconds. */
export function throttleHeaders(name: ThrottleName, state: WindowState): Record<string, string> {
  return {
    'ratelimit-name': name,
    'ratelimit-limit': String(state.limit),
    'ratelimit-observed': String(state.used),
    'ratelimit-remaining': String(state.remaining),
    'ratelimit-reset': String(Math.ceil(state.resetMs / 1000)),
  };
}

/** The 429: plain text `Retry later` plus `Retry-After` and `RateLimit-ResetTime` (forges.md §2.4, §2.7). */
export function throttled(name: ThrottleName, state: WindowState, nowMs: number, body: string): ForgeReply {
  return {
    status: 429,
    body,
    contentType: 'text/plain; charset=utf-8',
    headers: {
      ...throttleHeaders(name, state),
      'ratelimit-resettime': new Date(state.resetMs).toUTCString(),
      'retry-after': String(Math.max(1, Math.ceil((state.resetMs - nowMs) / 1000))),
    },
  };
}

/** `X-Request-Id` and `X-Gitlab-Meta`, as GitLab sends on every API response. */
export function gitlabRequestHeaders(): Record<string, string> {
  const id = randomBytes(13).toString('hex').toUpperCase();
  return {
    'x-request-id': id,
    'x-gitlab-meta': JSON.stringify({ correlation_id: id, version: '1' }),
    'cache-control': 'max-age=0, private, must-revalidate',
  };
}
