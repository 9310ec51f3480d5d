/**
 * GitHub's page-number pagination (forges.md §1.8): `per_page` default 30, at most 100 (larger values
 * are clamped, as GitHub does), `page` from 1, and a `Link` header with `next`/`last` (and
 * `prev`/`first` after the first page) built from the request's own URL and query.
 */
export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface PageRequest {
  page: number;
  perPage: number;
}

function positiveInt(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return null;
  const parsed = Number(value);
  return parsed >= 1 ? parsed : null;
}

export function pageRequest(query: Record<string, unknown>): PageRequest {
  const perPage = Math.min(positiveInt(query.per_page) ?? DEFAULT_PER_PAGE, MAX_PER_PAGE);
  return { page: positiveInt(query.page) ?? 1, perPage };
}

export function pageOf<T>(items: readonly T[], { page, perPage }: PageRequest): T[] {
  return items.slice((page - 1) * perPage, page * perPage);
}

/**
 * The `Link` header for a page of `total` items, or null when everything fits on one page.
 * `baseUrl` is the absolute URL of the endpoint without a query; `query` the request's query.
 */
export function linkHeader(
  baseUrl: string,
  query: Record<string, unknown>,
  { page, perPage }: PageRequest,
  total: number,
): string | null {
  const last = Math.max(1, Math.ceil(total / perPage));
  if (last === 1 && page === 1) return null;
  const urlFor = (target: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (key !== 'page' && key !== 'per_page' && typeof value === 'string') params.set(key, value);
    }
    params.set('per_page', String(perPage));
    params.set('page', String(target));
    return `${baseUrl}?${params.toString()}`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${urlFor(Math.min(page - 1, last))}>; rel="prev"`);
  if (page < last) links.push(`<${urlFor(page + 1)}>; rel="next"`, `<${urlFor(last)}>; rel="last"`);
  if (page > 1) links.push(`<${urlFor(1)}>; rel="first"`);
  return links.length === 0 ? null : links.join(', ');
}
