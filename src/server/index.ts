/**
 * The HTTP server (docs/server.md): `buildApp(deps)` gives the Fastify app without listening;
 * `listen()` binds it; `startForgekeeper()` is what `forgekeeper serve` runs. Routes throw
 * `ApiError` (or use `orThrow`) and declare `errorBodySchema` for their failures.
 */
export { BODY_LIMIT_BYTES, type BuildAppDeps, buildApp, SERVER_VERSION } from './app.js';
export { type ServeConfig, serveConfig } from './config.js';
export { ApiError, orThrow } from './errors/api-error.js';
export { type ErrorBody, errorBodySchema, type ServerError } from './errors/error-body.js';
export { type ListeningServer, listen } from './listen.js';
export type { ServerLoggerOptions } from './logging/logger-options.js';
export { createServerMetrics, type ServerMetrics } from './metrics/server-metrics.js';
export { storeCensus, type TokenCensus, vaultCensus } from './metrics/token-census.js';
export { type RunningForgekeeper, startForgekeeper } from './start.js';
