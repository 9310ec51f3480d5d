import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';

/*
 * Cursors and caps for Bitbucket's forward-only pages (forges.md §3.8: follow `next`, never build
 * it). A cursor is the base64url of the next URL the forge gave; decoded, it must still point at
 * this adapter's API (same origin, under its path), so a cursor cannot send credentials elsewhere.
 */

export const DEFAULT_CAP = 100;
export const MAX_CAP = 1_000;
/** Bitbucket's largest `pagelen` (§3.8). */
export const MAX_PAGELEN = 100;

export function capOf(cap: number | undefined): Result<number, FkError> {
  if (cap === undefined) return ok(DEFAULT_CAP);
  if (!Number.isInteger(cap) || cap < 1 || cap > MAX_CAP) {
    return err(
      fkError('invalid_input', {
        message: `cap must be a whole number from 1 to ${MAX_CAP}.`,
        details: { cap },
      }),
    );
  }
  return ok(cap);
}

export function encodeCursor(url: string): string {
  return Buffer.from(url, 'utf8').toString('base64url');
}

/** Whether `url` is one of this API's own URLs: same origin, under its path, no credentials. */
export function isApiUrl(url: string, apiUrl: string): boolean {
  try {
    const parsed = new URL(url);
    const api = new URL(apiUrl);
    const base = api.pathname.replace(/\/+$/, '');
    return (
      parsed.origin === api.origin &&
      parsed.pathname.startsWith(`${base}/`) &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

/** The next URL inside a cursor, if it is one of this API's URLs. */
export function decodeCursor(cursor: string, apiUrl: string): Result<string, FkError> {
  const invalid = err(
    fkError('invalid_input', {
      message: 'The cursor is not one this Bitbucket API handed out.',
      remediation: 'Pass the nextCursor of an earlier answer unchanged, or leave it out to start over.',
    }),
  );
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return invalid;
  const url = Buffer.from(cursor, 'base64url').toString('utf8');
  return isApiUrl(url, apiUrl) ? ok(new URL(url).toString()) : invalid;
}
