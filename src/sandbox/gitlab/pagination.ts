import type { FastifyRequest } from 'fastify';
import type { ForgeReply } from '../forge-reply.js';

/**
 * GitLab's offset pagination (forges.md §2.8): `page` (default 1), `per_page` (default 20, at most
 * 100; larger values are clamped, as GitLab does), a `Link` header with `prev`/`next`/`first`/`last`,
 * and `x-page`, `x-per-page`, `x-next-page`, `x-prev-page`, `x-total`, `x-total-pages`. Above 10,000
 * records the totals and `rel="last"` are left out.
 */
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
const COUNT_LIMIT = 10_000;

export interface Paging {
  page: number;
  perPage: number;
}

type Query = Record<string, unknown>;

export function queryOf(request: FastifyRequest): Query {
  const query = request.query;
  return query && typeof query === 'object' ? { ...query } : {};
}

/** Grape's parameter errors are `{"error": "<param> is invalid"}`. */
export function invalidParam(name: string): ForgeReply {
  return { status: 400, body: { error: `${name} is invalid` } };
}

function integerParam(query: Query, name: string, fallback: number): number | ForgeReply {
  const value = query[name];
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return invalidParam(name);
  return Number(value);
}

export function parsePaging(query: Query): Paging | ForgeReply {
  const page = integerParam(query, 'page', 1);
  if (typeof page !== 'number') return page;
  const perPage = integerParam(query, 'per_page', DEFAULT_PER_PAGE);
  if (typeof perPage !== 'number') return perPage;
  return {
    page: Math.max(1, page),
    perPage: perPage < 1 ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE),
  };
}

/**
 * The URL of another page: this request's URL with its query, `private_token` left out (a token
 * must not travel in a link the client may log), and the given parameters set.
 */
export function pageUrl(
  apiUrl: string,
  request: FastifyRequest,
  query: Query,
  set: Record<string, string>,
): string {
  const base = new URL(apiUrl);
  const pathname = request.url.split('?')[0] ?? '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'private_token' || key in set) continue;
    if (typeof value === 'string') params.set(key, value);
  }
  for (const [key, value] of Object.entries(set)) params.set(key, value);
  return `${base.origin}${pathname}?${params.toString()}`;
}

/** One page of `items` and the headers that describe it. */
export function offsetPage<T>(
  items: readonly T[],
  paging: Paging,
  link: (page: number) => string,
): { items: T[]; headers: Record<string, string> } {
  const { page, perPage } = paging;
  const total = items.length;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const hasNext = page * perPage < total;
  const hasPrev = page > 1;
  const counted = total <= COUNT_LIMIT;
  const links: string[] = [];
  if (hasPrev) links.push(`<${link(page - 1)}>; rel="prev"`);
  if (hasNext) links.push(`<${link(page + 1)}>; rel="next"`);
  links.push(`<${link(1)}>; rel="first"`);
  if (counted) links.push(`<${link(totalPages)}>; rel="last"`);
  const headers: Record<string, string> = {
    link: links.join(', '),
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-next-page': hasNext ? String(page + 1) : '',
    'x-prev-page': hasPrev ? String(page - 1) : '',
  };
  if (counted) {
    headers['x-total'] = String(total);
    headers['x-total-pages'] = String(totalPages);
  }
  return { items: slice, headers };
}

/**
 * Keyset pagination by id (forges.md §2.8, `pagination=keyset&order_by=id&sort=asc|desc`): the
 * next link carries `id_after` (ascending) or `id_before` (descending) and is absent on the last page;
 * no totals are sent.
 */
export function keysetPage<T extends { id: number }>(
  sortedItems: readonly T[],
  query: Query,
  perPage: number,
  direction: 'asc' | 'desc',
  link: (set: Record<string, string>) => string,
): { items: T[]; headers: Record<string, string> } | ForgeReply {
  const cursorName = direction === 'asc' ? 'id_after' : 'id_before';
  const cursor = integerParam(query, cursorName, direction === 'asc' ? 0 : Number.MAX_SAFE_INTEGER);
  if (typeof cursor !== 'number') return cursor;
  const rest = sortedItems.filter((item) => (direction === 'asc' ? item.id > cursor : item.id < cursor));
  const items = rest.slice(0, perPage);
  const last = items.at(-1);
  const headers: Record<string, string> = { 'x-per-page': String(perPage) };
  if (rest.length > perPage && last)
    headers.link = `<${link({ [cursorName]: String(last.id) })}>; rel="next"`;
  return { items, headers };
}
