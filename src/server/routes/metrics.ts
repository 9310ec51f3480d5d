import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from '../metrics/server-metrics.js';

export const METRICS_PATH = '/metrics';

/**
 * Prometheus' text format, unauthenticated on the same port as the API: it carries counts, never
 * token text or owner names. To keep it off the network, bind the server to 127.0.0.1 and scrape
 * locally, or block `/metrics` at the reverse proxy (docs/server.md).
 */
export async function metricsRoute(app: FastifyInstance, options: { metrics: ServerMetrics }): Promise<void> {
  const { registry } = options.metrics;
  app.get(
    METRICS_PATH,
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format).',
        produces: ['text/plain'],
      },
    },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
}
