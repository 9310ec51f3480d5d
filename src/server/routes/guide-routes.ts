import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tokenCreationGuide } from '../../domain/capabilities/token-creation-guide.js';
import { CAPABILITIES } from '../../domain/capability.js';
import { fkError } from '../../domain/errors/error.js';
import { FORGES, type ForgeId } from '../../domain/forge.js';
import { TOKEN_KINDS, type TokenKind } from '../../domain/token-kind.js';
import { BITBUCKET_API_URL, bitbucketWebUrl } from '../../forges/bitbucket/definition.js';
import { GITHUB_API_URL, gitHubWebUrl } from '../../forges/github/definition.js';
import { GITLAB_API_URL, gitLabWebUrl } from '../../forges/gitlab/definition.js';
import type { AccountsService } from '../../services/accounts/index.js';
import { authenticated } from '../auth/auth.js';
import { ApiError } from '../errors/api-error.js';
import { errorBodySchema } from '../errors/error-body.js';

export interface GuideRoutesOptions {
  accounts: AccountsService;
}

/** The kind a person creates on each forge when none is named. */
export const DEFAULT_GUIDE_KIND: Record<ForgeId, TokenKind> = {
  github: 'classic',
  gitlab: 'personal',
  bitbucket: 'api_token',
};

const FORGE_URLS: Record<ForgeId, { api: string; web: (apiUrl: string) => string }> = {
  github: { api: GITHUB_API_URL, web: gitHubWebUrl },
  gitlab: { api: GITLAB_API_URL, web: gitLabWebUrl },
  bitbucket: { api: BITBUCKET_API_URL, web: bitbucketWebUrl },
};

const guideSchema = z
  .object({
    forge: z.enum(FORGES),
    kind: z.string(),
    url: z.string().nullable().describe('The pre-filled creation page, or null where there is none.'),
    steps: z.array(z.string()),
    scopes: z.array(z.string()).describe('Scope names, or permissions such as `Contents: write`.'),
  })
  .meta({ id: 'TokenGuide', description: 'How to create a token with exactly the capabilities needed.' });

/**
 * `GET /guides`: the step-by-step guide to create a token on a forge (the web UI's "create a token"
 * panel). Nothing secret; any signed-in caller may ask.
 */
export async function guideRoutes(app: FastifyInstance, { accounts }: GuideRoutesOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(
    '/guides',
    {
      onRequest: authenticated(accounts, null),
      schema: {
        tags: ['tokens'],
        summary: 'How to create a token on a forge with the capabilities you need.',
        querystring: z.object({
          forge: z.enum(FORGES),
          kind: z.string().min(1).max(32).optional().describe('Default: classic, personal, api_token.'),
          require: z
            .string()
            .max(128)
            .optional()
            .describe(`Comma-separated capabilities: ${CAPABILITIES.join(', ')}.`),
          apiUrl: z.url().max(512).optional().describe('A self-hosted API URL; default the cloud.'),
        }),
        response: {
          200: guideSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => {
      const { forge, apiUrl } = request.query;
      const kind = request.query.kind ?? DEFAULT_GUIDE_KIND[forge];
      if (!(TOKEN_KINDS[forge] as readonly string[]).includes(kind)) {
        throw new ApiError(
          fkError('invalid_input', {
            message: `"${kind}" is not a ${forge} token kind.`,
            remediation: `Use one of: ${TOKEN_KINDS[forge].join(', ')}.`,
            details: { fields: [{ field: 'query.kind', problem: 'unknown token kind' }] },
          }),
        );
      }
      const wanted = (request.query.require ?? '').split(',').filter((name) => name !== '');
      const unknown = wanted.filter((name) => !(CAPABILITIES as readonly string[]).includes(name));
      if (unknown.length > 0) {
        throw new ApiError(
          fkError('invalid_input', {
            message: 'Unknown capability in "require".',
            remediation: `Use any of: ${CAPABILITIES.join(', ')}.`,
            details: { fields: [{ field: 'query.require', problem: 'unknown capability' }] },
          }),
        );
      }
      const require = CAPABILITIES.filter((capability) => wanted.includes(capability));
      const urls = FORGE_URLS[forge];
      const guide = tokenCreationGuide(forge, kind as TokenKind, urls.web(apiUrl ?? urls.api), require);
      return { forge, kind, ...guide };
    },
  );
}
