import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccountsService } from '../../services/accounts/index.js';
import { authenticated, authOf } from '../auth/auth.js';
import { orThrow } from '../errors/api-error.js';
import { errorBodySchema } from '../errors/error-body.js';
import { apiKeySchema, idParams, scopeSchema } from './api-schemas.js';

export interface AccountRoutesOptions {
  accounts: AccountsService;
}

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

/**
 * API keys (users: user-routes.ts). The accounts service decides who may do what (keys cannot
 * create keys); the routes ask for a signed-in caller, and a session to create a key, so the
 * OpenAPI document says so and a key is refused before the service is asked.
 */
export async function accountRoutes(app: FastifyInstance, { accounts }: AccountRoutesOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const anyone = authenticated(accounts, null);
  const person = authenticated(accounts, null, { session: { what: 'Creating an API key' } });

  routes.get(
    '/api-keys',
    {
      onRequest: anyone,
      schema: {
        tags: ['api-keys'],
        summary: 'Your API keys (masks only).',
        response: { 200: z.object({ items: z.array(apiKeySchema) }), ...errors },
      },
    },
    async (request) => ({ items: orThrow(await accounts.listApiKeys(authOf(request).principal)) }),
  );

  routes.post(
    '/api-keys',
    {
      onRequest: person,
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key; the key is in this answer only. Needs a signed-in session.',
        body: z.object({
          name: z.string().min(1).max(64),
          scopes: z.array(scopeSchema).min(1).max(3),
          expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
        }),
        response: {
          201: z
            .object({
              key: z.string().describe('Shown once: store it now. Only its SHA-256 is kept.'),
              apiKey: apiKeySchema,
            })
            .meta({ id: 'CreatedApiKey' }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const created = orThrow(await accounts.createApiKey(authOf(request).principal, request.body));
      // The one answer that carries a secret: the caller asked for this key and sees it once.
      return reply.code(201).send({ key: created.key.reveal(), apiKey: created.apiKey });
    },
  );

  routes.delete(
    '/api-keys/:id',
    {
      onRequest: anyone,
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key.',
        params: idParams,
        response: { 200: apiKeySchema, ...errors },
      },
    },
    async (request) => orThrow(await accounts.revokeApiKey(authOf(request).principal, request.params.id)),
  );
}
