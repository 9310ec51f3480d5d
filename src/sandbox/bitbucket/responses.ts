import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { ForgeReply } from '../forge-reply.js';

/** Bitbucket's error envelope (forges.md §3.5). */
export function bitbucketError(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): ForgeReply {
  return { status, body: { type: 'error', error: { message, ...extra } } };
}

/** Unknown, expired, revoked or unsupported credentials (forges.md §3.5). */
export function invalidCredentials(): ForgeReply {
  return bitbucketError(401, 'Token is invalid, expired, or not supported for this endpoint.');
}

export function lacksScopes(granted: readonly string[], required: readonly string[]): ForgeReply {
  return bitbucketError(403, 'Your credentials lack one or more required privilege scopes.', {
    detail: { granted: [...granted], required: [...required] },
  });
}

/** forges.md §3.5: "Rate limit for this resource has been exceeded". */
export function rateLimited(): ForgeReply {
  return bitbucketError(429, 'Rate limit for this resource has been exceeded');
}

export function bitbucketStatusReply(status: number): ForgeReply {
  return bitbucketError(status, STATUS_CODES[status] ?? 'Error');
}

export function bitbucketRequestHeaders(): Record<string, string> {
  return { 'x-request-id': randomUUID().replaceAll('-', '') };
}
