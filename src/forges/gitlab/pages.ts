import type { z } from 'zod';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { parseResponse } from '../http/parse-response.js';
import type { ListInput, Page } from '../repo-types.js';
import type { GitLabSend } from './session.js';
import { translateGitLabError } from './translate-error.js';

/*
 * GitLab lists (forges.md §2.8): pages are followed through the `Link: <…>; rel="next"` URL GitLab
 * sends (offset or keyset alike), never rebuilt. `nextCursor` is the base64url of the next URL; when
 * `cap` ends inside a page, the URL of that page carries a `#skip=N` fragment (never sent: fragments
 * stay on the client) saying how many of its items were already returned.
 */

export const DEFAULT_CAP = 100;
export const MAX_CAP = 1_000;
/** GitLab's largest page (forges.md §2.8). */
export const MAX_PER_PAGE = 100;

export function capOf(input: ListInput | undefined): Result<number, FkError> {
  const cap = input?.cap ?? DEFAULT_CAP;
  if (!Number.isInteger(cap) || cap < 1 || cap > MAX_CAP) {
    return err(
      fkError('invalid_input', {
        message: `cap must be a whole number from 1 to ${MAX_CAP}.`,
        details: { forge: 'gitlab', field: 'cap' },
      }),
    );
  }
  return ok(cap);
}

/** `per_page` for a first request: a whole answer in one page when the cap allows. */
export function perPageFor(cap: number): number {
  return Math.min(cap, MAX_PER_PAGE);
}

export function encodeCursor(url: string, skip: number): string {
  return Buffer.from(skip > 0 ? `${url}#skip=${skip}` : url, 'utf8').toString('base64url');
}

/** A cursor back to its URL and skip count, refused unless it points under the API base URL. */
export function decodeCursor(cursor: string, apiUrl: string): Result<{ url: string; skip: number }, FkError> {
  const refuse = () =>
    err(
      fkError('invalid_input', {
        message: 'The cursor is not one this GitLab API handed out.',
        remediation:
          'Pass nextCursor exactly as an earlier answer gave it, with the same API URL, or start again.',
        details: { forge: 'gitlab', field: 'cursor' },
      }),
    );
  let url: URL;
  let api: URL;
  try {
    url = new URL(Buffer.from(cursor, 'base64url').toString('utf8'));
    api = new URL(apiUrl);
  } catch {
    return refuse();
  }
  const apiPath = api.pathname.replace(/\/+$/, '');
  if (url.origin !== api.origin || !url.pathname.startsWith(`${apiPath}/`) || url.username || url.password) {
    return refuse();
  }
  const skip = /^#skip=(\d+)$/.exec(url.hash)?.[1];
  url.hash = '';
  return ok({ url: url.toString(), skip: skip === undefined ? 0 : Number(skip) });
}

/** The `rel="next"` target of a `Link` header, or null. */
export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return match[1];
  }
  return null;
}

/**
 * Follows GitLab's pages from `firstUrl` (or the cursor) until `cap` items, mapping each with `map`.
 * A next link on another origin is not followed (the answer ends there without a cursor).
 */
export async function collectPages<S extends z.ZodType<unknown[]>, T>(
  send: GitLabSend,
  apiUrl: string,
  firstUrl: string,
  input: ListInput | undefined,
  schema: S,
  map: (item: z.output<S>[number]) => T,
): Promise<Result<Page<T>, FkError>> {
  const cap = capOf(input);
  if (!cap.ok) return cap;
  let url = firstUrl;
  let skip = 0;
  if (input?.cursor !== undefined) {
    const decoded = decodeCursor(input.cursor, apiUrl);
    if (!decoded.ok) return decoded;
    ({ url, skip } = decoded.value);
  }
  const items: T[] = [];
  for (;;) {
    const outcome = await send({ method: 'GET', path: '', url });
    if (outcome.type !== 'response' || outcome.response.status !== 200)
      return err(translateGitLabError(outcome));
    const parsed = parseResponse('gitlab', outcome.response, schema);
    if (!parsed.ok) return parsed;
    const page = parsed.value.slice(skip);
    const room = cap.value - items.length;
    items.push(...page.slice(0, room).map(map));
    const next = nextLink(outcome.response.headers.get('link'));
    if (page.length > room) return ok({ items, nextCursor: encodeCursor(url, skip + room) });
    const safeNext = next === null ? null : decodeCursor(encodeCursor(next, 0), apiUrl);
    if (safeNext === null || !safeNext.ok) return ok({ items, nextCursor: null });
    if (items.length >= cap.value) return ok({ items, nextCursor: encodeCursor(safeNext.value.url, 0) });
    url = safeNext.value.url;
    skip = 0;
  }
}
