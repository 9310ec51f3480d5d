import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { API_PREFIX } from '../routes/api-schemas.js';
import { cspHeader, DOCS_CSP } from '../security/headers.js';
import { declareSecurity, SECURITY_SCHEMES } from './security.js';

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PREFIX = '/docs';

export interface OpenApiOptions {
  version: string;
  /** `servers[0].url`; default `/` (relative: the document's own origin). */
  publicUrl?: string;
}

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests and shape
 * responses (`installZodCompilers`), at /api/v1/openapi.json; Swagger UI at /docs reads it.
 */
export async function openApi(app: FastifyInstance, options: OpenApiOptions): Promise<void> {
  // Before swagger's own onRoute hook, so the route it records already carries `security`.
  app.addHook('onRoute', declareSecurity(API_PREFIX));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Forgekeeper',
        description:
          'Keep, check and use personal access tokens for GitHub, GitLab and Bitbucket. Every failed request answers the `Error` body; token text never appears in a response.',
        version: options.version,
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: options.publicUrl ?? '/', description: 'This Forgekeeper server' }],
      components: { securitySchemes: SECURITY_SCHEMES },
      tags: [
        {
          name: 'operations',
          description: 'Health, readiness and metrics, for orchestrators and Prometheus.',
        },
      ],
    },
    transform: createJsonSchemaTransform({ skipList: [OPENAPI_PATH] }),
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // Swagger UI's own default would call out to validator.swagger.io with our document.
    uiConfig: { validatorUrl: null, deepLinking: false },
    staticCSP: cspHeader(DOCS_CSP),
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json').send(JSON.stringify(app.swagger())),
  );
}
