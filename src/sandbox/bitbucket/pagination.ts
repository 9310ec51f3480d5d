import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ForgeReply } from '../forge-reply.js';
import { bitbucketError } from './responses.js';

/**
 * Bitbucket Cloud's page envelope (forges.md §3.8): `{values, pagelen, page, size, next, previous}`,
 * `pagelen` 10 by default and at most 100; `next` is a full URL the client follows as is. `next` is
 * absent on the last page, `previous` on the first.
 */
export const DEFAULT_PAGELEN = 10;
export const MAX_PAGELEN = 100;

export interface PageRequest {
  page: number;
  pagelen: number;
}

const pageQuery = z.looseObject({ page: z.unknown().optional(), pagelen: z.unknown().optional() });

function positiveInt(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return null;
  const parsed = Number(value);
  return parsed >= 1 ? parsed : null;
}

/** The page asked for, or Bitbucket's 400 for a page or pagelen it will not serve. */
export function readPage(query: unknown): PageRequest | ForgeReply {
  const parsed = pageQuery.safeParse(query ?? {});
  const params = parsed.success ? parsed.data : { page: 'invalid', pagelen: undefined };
  const page = params.page === undefined ? 1 : positiveInt(params.page);
  if (page === null) return bitbucketError(400, 'Invalid page');
  const pagelen = params.pagelen === undefined ? DEFAULT_PAGELEN : positiveInt(params.pagelen);
  // UNCERTAIN whether Bitbucket clamps or refuses an oversized pagelen; refusing is never easier.
  if (pagelen === null || pagelen > MAX_PAGELEN) return bitbucketError(400, 'Invalid pagelen');
  return { page, pagelen };
}

export function isPageRequest(value: PageRequest | ForgeReply): value is PageRequest {
  return 'pagelen' in value;
}

/** The request's own URL (absolute, on the sandbox's Bitbucket API) with `page` set to `page`. */
function pageUrl(apiBase: string, request: FastifyRequest, page: number): string {
  // request.url is the full path (`/bitbucket/2.0/…`); the API base already ends with `/2.0`.
  const url = new URL(request.url, new URL(apiBase).origin);
  url.searchParams.set('page', String(page));
  return url.toString();
}

/** One page of `items`: the slice and Bitbucket's envelope around it (`values` set by the caller). */
export function pageOf<T>(
  items: readonly T[],
  page: PageRequest,
  apiBase: string,
  request: FastifyRequest,
): { slice: T[]; envelope: (values: unknown[]) => Record<string, unknown> } {
  const start = (page.page - 1) * page.pagelen;
  const slice = items.slice(start, start + page.pagelen);
  const links: Record<string, string> = {};
  if (start + page.pagelen < items.length) links.next = pageUrl(apiBase, request, page.page + 1);
  if (page.page > 1) links.previous = pageUrl(apiBase, request, page.page - 1);
  return {
    slice,
    envelope: (values) => ({ pagelen: page.pagelen, size: items.length, values, page: page.page, ...links }),
  };
}
