import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface WebUiOptions {
  /**
   * The built UI (index.html + assets/). Default: `dist/web` found next to the bundle or the repo;
   * null: no UI.
   */
  root?: string | null;
}

/** Hashed file names change with their content: a year, never revalidated. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * The UI's own pages (web/src/lib/router.ts): a reload or a bookmark on one gets index.html. Only
 * these: every other unknown path, the API's included, keeps the JSON 404.
 */
export const CLIENT_ROUTES = [
  '/',
  '/tokens',
  '/audit',
  '/api-keys',
  '/users',
  '/account',
  '/tokens/:id/repos',
  '/setup',
  '/login',
  '/settings',
  '/settings/*',
];

/**
 * Where the built UI is: `dist/web` beside the CLI bundle (`dist/*.js` → `dist/web`), or, when
 * running from source, the repository's `dist/web`. Null when the UI has not been built.
 */
export function findWebRoot(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'web'), resolve(here, '../../../dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * The web UI: `/assets/*` (hashed, cached for a year) and `index.html` for the UI's client-side
 * routes (`/tokens`, `/audit` …), so they survive a reload (SPA fallback). The security headers
 * (strict CSP) apply as to every response; the page loads only its own script and stylesheet.
 * Without a built UI nothing is registered and the API answers alone.
 */
export async function webUi(app: FastifyInstance, options: WebUiOptions = {}): Promise<void> {
  const root = options.root === undefined ? findWebRoot() : options.root;
  if (root === null) {
    app.log.info('web UI not built (dist/web missing): serving the API only');
    return;
  }
  const indexHtml = readFileSync(join(root, 'index.html'));
  const assets = join(root, 'assets');
  if (existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      cacheControl: false,
      setHeaders: (reply) => {
        reply.header('cache-control', ASSET_CACHE);
      },
    });
  }

  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);

  for (const route of CLIENT_ROUTES) app.get(route, { schema: { hide: true } }, sendIndex);
}
