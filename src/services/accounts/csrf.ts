import { createHmac } from 'node:crypto';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { digestsEqual, sha256Hex } from './secrets.js';
import type { SessionAuth } from './types.js';

/**
 * CSRF protection: a synchronizer token derived from the session, sent in a header.
 *
 * The token is HMAC-SHA256(key = session token, "forgekeeper csrf v1"), so it is bound to one
 * session, needs no storage, and the server can hand it out again after a reload. The browser
 * keeps the session token in an HttpOnly cookie that scripts cannot read; the page gets the CSRF
 * token from a same-origin answer and sends it as `X-CSRF-Token` on every cookie-authenticated
 * write. Another site can make the browser send the cookie, but can neither read the cookie nor
 * the answers, so it cannot produce the header. Knowing a CSRF token does not reveal the session
 * token (HMAC is one-way). SameSite cookies are a second layer, not the only one.
 * Requests with an API key carry no ambient credential and need no CSRF token.
 */
const LABEL = 'forgekeeper csrf v1';

export const CSRF_HEADER = 'x-csrf-token';

export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update(LABEL).digest('base64url');
}

/** Compares digests of both tokens, so the time taken says nothing about a guess. */
export function verifyCsrf(
  session: SessionAuth,
  presented: string | null | undefined,
): Result<void, FkError> {
  if (typeof presented !== 'string' || presented.length === 0) {
    return err(fkError('csrf_failed', { message: 'The request has no CSRF token (X-CSRF-Token header).' }));
  }
  if (digestsEqual(sha256Hex(presented), sha256Hex(session.csrfToken))) return ok(undefined);
  return err(fkError('csrf_failed'));
}
