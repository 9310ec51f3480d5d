import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeUrl } from './logging/safe-url.js';
import type { ServerMetrics } from './metrics/server-metrics.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/** Probes and scrapes arrive every few seconds: logged at debug, so info shows what people do. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Per request: echo the request id, count and time it (by route template, not URL, so ids in
 * paths do not multiply the series), and write one log line when it is answered — method, safe
 * URL, route, status, duration. Fastify's own per-request lines are off: they would log raw URLs.
 */
export function observeRequests(app: FastifyInstance, metrics: ServerMetrics): void {
  // Callback hooks, not async ones: every request passes here, and a promise per hook adds up.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = routeOf(request);
    const seconds = reply.elapsedTime / 1000;
    metrics.observeRequest({ method: request.method, route, status: reply.statusCode }, seconds);
    logLine(request, reply, route);
    done();
  });
}

function routeOf(request: FastifyRequest): string {
  // Unmatched requests (404s) share one series, whatever their URL.
  return request.routeOptions.url ?? 'unmatched';
}

function logLine(request: FastifyRequest, reply: FastifyReply, route: string): void {
  const level = QUIET_ROUTES.has(route) ? 'debug' : 'info';
  // Nothing is built for a line the level would drop (a busy server at `warn`).
  if (!levelEnabled(request.log, level)) return;
  const line = {
    method: request.method,
    url: safeUrl(request.url),
    route,
    status: reply.statusCode,
    ms: Math.round(reply.elapsedTime * 10) / 10,
  };
  request.log[level](line, 'request');
}

/** pino's `isLevelEnabled`; a logger without it (none in practice) writes every line. */
function levelEnabled(log: FastifyRequest['log'], level: 'debug' | 'info'): boolean {
  return (
    !('isLevelEnabled' in log && typeof log.isLevelEnabled === 'function') ||
    log.isLevelEnabled(level) === true
  );
}
