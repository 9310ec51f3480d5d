import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type FkError, fkError } from '../../domain/errors/error.js';
import type { Vault } from '../../services/vault/index.js';
import { ApiError } from '../errors/api-error.js';
import { errorBodySchema } from '../errors/error-body.js';

export interface HealthOptions {
  vault: Pick<Vault, 'listHosts'>;
  now: () => Date;
  /** A readiness probe slower than this fails as `store_unavailable`. Default 2 s. */
  readyTimeoutMs?: number;
}

const healthSchema = z
  .object({ status: z.literal('ok'), uptimeSeconds: z.number().describe('Since the app was built.') })
  .meta({ id: 'Health' });

const readySchema = z
  .object({ status: z.literal('ready'), checks: z.object({ store: z.literal('ok') }) })
  .meta({ id: 'Readiness' });

/**
 * `/healthz`: the process answers (liveness; touches nothing). `/readyz`: the store answers a cheap
 * query through the vault (reading the configured hosts: one settings row), so an orchestrator
 * routes traffic only to processes that can serve it. Both unauthenticated, like every probe.
 */
export async function healthRoutes(app: FastifyInstance, options: HealthOptions): Promise<void> {
  const started = options.now().getTime();
  const timeoutMs = options.readyTimeoutMs ?? 2_000;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process is up.',
        response: { 200: healthSchema },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: (options.now().getTime() - started) / 1000 }),
  );

  routes.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the store answers.',
        response: { 200: readySchema, 503: errorBodySchema },
      },
    },
    async () => {
      const failure = await probeStore(options.vault, timeoutMs);
      // Whatever the store said, "not ready" is a 503 to a load balancer.
      if (failure !== null) throw new ApiError(failure, 503);
      return { status: 'ready' as const, checks: { store: 'ok' as const } };
    },
  );
}

async function probeStore(vault: Pick<Vault, 'listHosts'>, timeoutMs: number): Promise<FkError | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<FkError>((resolve) => {
    timer = setTimeout(
      () =>
        resolve(
          fkError('store_unavailable', { message: `The database did not answer within ${timeoutMs} ms.` }),
        ),
      timeoutMs,
    );
  });
  const probe = vault.listHosts().then(
    (result) => (result.ok ? null : result.error),
    // A closed store throws rather than answering an error: that is "unreachable" too.
    () => fkError('store_unavailable'),
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
