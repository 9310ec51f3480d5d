import type { FkError } from '../../domain/errors/error.js';
import { fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { ResponseHeaders } from '../http/types.js';

/*
 * GitHub pagination (forges.md §1.8): the `Link` header's `rel="next"` is followed as GitHub wrote
 * it, never rebuilt (some endpoints page with `before`/`after` or `since`). A cursor is the
 * base64url of that next URL; when a caller's `cap` ends inside a page, the items already returned
 * from it are counted in a `#skip=N` fragment of our own (fragments never reach the server).
 */

export const DEFAULT_CAP = 100;
export const MAX_CAP = 1_000;

/** The `rel="next"` URL of a `Link` header, or null. */
export function nextLink(headers: ResponseHeaders): string | null {
  const link = headers.get('link');
  if (!link) return null;
  for (const part of link.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    if (match && /\brel="?([^"]*\s)?next(\s[^"]*)?"?/.test(match[2] ?? '')) return match[1] ?? null;
  }
  return null;
}

export interface PagePosition {
  url: string;
  skip: number;
}

export function encodeCursor(position: PagePosition): string {
  const text = position.skip > 0 ? `${position.url}#skip=${position.skip}` : position.url;
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * A cursor back into a position, refused unless it points into this API (same origin, under the
 * API path): a cursor is input, and following it must never send the token elsewhere.
 */
export function decodeCursor(cursor: string, apiUrl: string): Result<PagePosition, FkError> {
  const invalid = fkError('invalid_input', {
    message: 'The cursor is not one this GitHub connection handed out.',
    remediation: 'Pass back a nextCursor exactly as received, to the same forge, or start without a cursor.',
  });
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return err(invalid);
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [url = '', fragment = ''] = text.split('#', 2);
  let target: URL;
  let api: URL;
  try {
    target = new URL(url);
    api = new URL(apiUrl);
  } catch {
    return err(invalid);
  }
  const apiPath = api.pathname.replace(/\/+$/, '');
  if (
    target.origin !== api.origin ||
    !target.pathname.startsWith(`${apiPath}/`) ||
    target.username ||
    target.password
  ) {
    return err(invalid);
  }
  const skip = /^skip=(\d{1,4})$/.exec(fragment)?.[1];
  if (fragment !== '' && skip === undefined) return err(invalid);
  return ok({ url: target.toString(), skip: skip === undefined ? 0 : Number(skip) });
}

/** `cap` within 1…1,000, default 100. */
export function capOf(cap: number | undefined): Result<number, FkError> {
  if (cap === undefined) return ok(DEFAULT_CAP);
  if (!Number.isInteger(cap) || cap < 1 || cap > MAX_CAP) {
    return err(fkError('invalid_input', { message: `cap must be a whole number from 1 to ${MAX_CAP}.` }));
  }
  return ok(cap);
}

/**
 * The page size of a first request: a divisor of `cap` from 50 to 100 when there is one, so pages
 * end where the cap does; else 100 (the last page is then cut, and the cursor skips what was taken).
 */
export function perPageFor(cap: number): number {
  if (cap <= 100) return cap;
  for (let size = 100; size >= 50; size--) if (cap % size === 0) return size;
  return 100;
}
