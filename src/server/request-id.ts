import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { detectToken } from '../domain/tokens/detect-token.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller's id may look like: short, printable, no spaces or quotes (it lands in logs and bodies). */
const SANE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The id of a request: the caller's X-Request-Id when it is sane (a proxy's or a client's, so one id
 * follows a request across systems), else a fresh UUID. An id that looks like a token is replaced:
 * it would be echoed in the response and written to the log.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  if (value !== undefined && SANE_ID.test(value) && detectToken(value).forge === null) return value;
  return randomUUID();
}
