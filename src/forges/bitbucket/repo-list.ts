import type { z } from 'zod';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Page } from '../repo-types.js';
import { encodeCursor, isApiUrl, MAX_PAGELEN } from './paging.js';
import type { BitbucketCaller } from './repo-call.js';
import { bitbucketPageSchema } from './repo-schemas.js';

/**
 * Collects items by following Bitbucket's `next` links (forges.md §3.8) from `url` until `cap`
 * items are in hand. A page is fetched only when it fits whole under the cap, so no item is ever
 * dropped between two answers: the cursor is always a page boundary the forge itself gave
 * (`next`), or the first page of the next collection `nextCollection` names (several workspaces),
 * which it sizes to the room left.
 */
export async function collectPages<S extends z.ZodType, T>(
  caller: BitbucketCaller,
  apiUrl: string,
  start: string,
  cap: number,
  item: S,
  map: (value: z.output<S>) => T,
  nextCollection: (finishedUrl: string, room: number) => string | null = () => null,
): Promise<Result<Page<T>, FkError>> {
  const schema = bitbucketPageSchema(item);
  const items: T[] = [];
  let url: string | null = start;
  while (url !== null) {
    const response = await caller.send({ method: 'GET', url, operation: 'read' });
    if (!response.ok) return response;
    const page = caller.parse(response.value, schema);
    if (!page.ok) return page;
    for (const value of page.value.values) items.push(map(value));
    const room = cap - items.length;
    if (page.value.next === undefined) {
      // A first page we build ourselves is sized to the room left, so it always fits.
      url = nextCollection(url, room > 0 ? room : MAX_PAGELEN);
      if (room <= 0) break;
      continue;
    }
    // The credentials go wherever `next` points: only ever to this API (a cursor is checked alike).
    if (!isApiUrl(page.value.next, apiUrl)) {
      return err(
        fkError('forge_unreachable', {
          message: 'Bitbucket answered with a next-page link outside its API; it was not followed.',
          details: { forge: 'bitbucket' },
        }),
      );
    }
    url = page.value.next;
    if (room < (page.value.pagelen ?? MAX_PAGELEN)) break;
  }
  return ok({ items, nextCursor: url === null ? null : encodeCursor(url) });
}

/** `pagelen` for a first page: the cap when it is smaller than Bitbucket's maximum. */
export function firstPagelen(cap: number): number {
  return Math.min(cap, MAX_PAGELEN);
}
