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
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = routeOf(request);
    const seconds = reply.elapsedTime / 1000;
    metrics.observeRequest({ method: request.method, route, status: reply.statusCode }, seconds);
    logLine(request, reply, route);
  });
}

function routeOf(request: FastifyRequest): string {
  // Unmatched requests (404s) share one series, whatever their URL.
  return request.routeOptions.url ?? 'unmatched';
}

function logLine(request: FastifyRequest, reply: FastifyReply, route: string): void {
  const line = {
    method: request.method,
    url: safeUrl(request.url),
    route,
    status: reply.statusCode,
    ms: Math.round(reply.elapsedTime * 10) / 10,
  };
  if (QUIET_ROUTES.has(route)) request.log.debug(line, 'request');
  else request.log.info(line, 'request');
}
