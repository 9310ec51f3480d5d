import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { AccountsService } from '../services/accounts/index.js';
import type { Vault } from '../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../store/types.js';
import { openApi } from './docs/openapi.js';
import { clientErrorHandler } from './errors/client-error.js';
import { installErrorHandling } from './errors/error-handler.js';
import { loggerOptions, type ServerLoggerOptions } from './logging/logger-options.js';
import { createServerMetrics, type ServerMetrics } from './metrics/server-metrics.js';
import { vaultCensus } from './metrics/token-census.js';
import { observeRequests } from './observe-requests.js';
import { requestIdOf } from './request-id.js';
import { apiRoutes } from './routes/api-routes.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoute } from './routes/metrics.js';
import { securityHeaders } from './security/headers.js';
import { webUi } from './ui/web-ui.js';
import { installZodCompilers } from './zod-compilers.js';

/** Request bodies above this are refused with 413: the API takes tokens and small JSON, never files. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export const SERVER_VERSION = '0.1.0';

/** What the app is built from. Everything with I/O is passed in; nothing is opened here. */
export interface BuildAppDeps {
  vault: Vault;
  /** Users, sessions and API keys, on the vault's database: the API routes authenticate with it. */
  accounts: AccountsService;
  /** `false`: no logging. Default: JSON lines at `info` on stdout, redacted. */
  logger?: ServerLoggerOptions | false;
  /** The app's clock (uptime). Default: the system clock. */
  now?: () => Date;
  /**
   * Metrics to report into. Default: a fresh registry, with a token census over the CLI's owner
   * (`serve` attaches a cross-owner census over the store).
   */
  metrics?: ServerMetrics;
  /** Behind a reverse proxy: trust its X-Forwarded-* headers (client IP, protocol → HSTS). Default off. */
  trustProxy?: boolean | string | string[];
  /** Default 64 KiB. */
  bodyLimit?: number;
  /** The URL clients reach the server at, for the OpenAPI `servers` entry. Default: relative. */
  publicUrl?: string;
  /** The built web UI (index.html + assets/); default `dist/web`; `false`: no UI. */
  webRoot?: string | false;
}

/**
 * The Fastify app, ready to `listen()` or `inject()`; not listening. Routes are thin: they validate
 * with zod schemas, call the vault, and answer; every failure becomes the one error body.
 */
export async function buildApp(deps: BuildAppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const metrics = deps.metrics ?? createServerMetrics();
  metrics.census ??= vaultCensus(deps.vault, () => [LOCAL_OWNER_ID]);

  const app = Fastify({
    logger: deps.logger === false ? false : loggerOptions(deps.logger ?? {}),
    // Per-request lines are written by observeRequests (safe URL, one line per request).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimit ?? BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    requestIdHeader: false,
    trustProxy: deps.trustProxy ?? false,
    // While closing, requests already on an open connection are served normally (one error body
    // everywhere); new connections are no longer accepted.
    return503OnClosing: false,
    clientErrorHandler,
  });

  installErrorHandling(app);
  installZodCompilers(app);
  await securityHeaders(app);
  observeRequests(app, metrics);
  await openApi(app, {
    version: SERVER_VERSION,
    ...(deps.publicUrl === undefined ? {} : { publicUrl: deps.publicUrl }),
  });
  await app.register(healthRoutes, { vault: deps.vault, now });
  await app.register(metricsRoute, { metrics });
  // Set by the auth preHandler of the routes that need a caller; null everywhere else.
  app.decorateRequest('auth', null);
  await app.register(cookie);
  await app.register(apiRoutes, { accounts: deps.accounts, vault: deps.vault });
  if (deps.webRoot !== false) {
    await app.register(webUi, deps.webRoot === undefined ? {} : { root: deps.webRoot });
  }
  return app;
}
