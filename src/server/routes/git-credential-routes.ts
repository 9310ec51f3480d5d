import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createCredentialService } from '../../git/credential/credential-service.js';
import { type AccountsService, auditActor } from '../../services/accounts/index.js';
import type { Vault } from '../../services/vault/index.js';
import { authenticated, authOf } from '../auth/auth.js';
import { orThrow } from '../errors/api-error.js';
import { errorBodySchema } from '../errors/error-body.js';

export interface GitCredentialRoutesOptions {
  accounts: AccountsService;
  vault: Vault;
}

/** A re-check of a token git rejected runs after the answer, for at most this long. */
const RECHECK_MS = 30_000;

/** One credential attribute as git sends it: no newline, no NUL (forges.md §7). */
const attribute = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\n\0]*$/);

const credentialBody = z.object({
  action: z.enum(['get', 'store', 'erase']),
  protocol: attribute(32),
  host: attribute(512),
  path: attribute(8192).optional(),
  username: attribute(512).optional(),
  password: attribute(8192)
    .optional()
    .describe('store/erase: the credential git approved or rejected. Never returned.'),
  tokenId: attribute(64).optional(),
});

const credentialReply = z
  .object({
    username: z.string(),
    password: z.string().describe('The token, for git. The one response of this API that carries one.'),
    expiresAt: z.string().nullable(),
    tokenId: z.string(),
  })
  .meta({ id: 'GitCredential' });

/**
 * `POST /api/v1/git/credential`: the git credential helper in remote mode (docs/git.md). `get`
 * answers the token selected for the repository — the one endpoint that returns a token, so it needs
 * `tokens:use`, is audited as a use of the token, and is never cached; 204 when there is none, so
 * git asks its next helper. `store` keeps a credential git approved that the vault lacks; `erase`
 * marks a vault token git rejected suspect and re-checks it (in the background), never deletes it.
 */
export async function gitCredentialRoutes(
  app: FastifyInstance,
  options: GitCredentialRoutesOptions,
): Promise<void> {
  const { accounts, vault } = options;
  const service = createCredentialService(vault);
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.post(
    '/git/credential',
    {
      onRequest: authenticated(accounts, 'tokens:use'),
      schema: {
        tags: ['git'],
        summary: 'The git credential helper: get, store or erase the credential for a repository.',
        body: credentialBody,
        response: {
          200: credentialReply,
          204: z.null().describe('No token for this repository: git asks its next helper.'),
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const { principal } = authOf(request);
      const outcome = orThrow(await service.answer(request.body, principal.ownerId, auditActor(principal)));
      void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      const followUp = outcome.followUp;
      if (followUp !== null) {
        followUp(AbortSignal.timeout(RECHECK_MS)).catch((error: unknown) =>
          request.log.warn({ code: (error as { code?: unknown })?.code }, 'git credential re-check failed'),
        );
      }
      if (outcome.reply === null) return reply.code(204).send(null);
      return reply.code(200).send(outcome.reply);
    },
  );
}
