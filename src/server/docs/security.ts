import type { RouteOptions } from 'fastify';
import { type RouteAuth, routeAuthOf, SESSION_COOKIE } from '../auth/auth.js';

/** The two ways to authenticate, as OpenAPI `securitySchemes`. */
export const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The session cookie set by `POST /api/v1/session` (or setup). Writes made with it also need the `X-CSRF-Token` header (the `csrfToken` of sign-in or `GET /api/v1/me`).',
  },
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'fk_<public id>_<secret>',
    description:
      'An API key (Settings → API keys) sent as `Authorization: Bearer fk_…`. The requirement lists the scope it needs: `tokens:read`, `tokens:use` or `admin`.',
  },
} as const;

const MARK = '**Authentication:**';

/** An OpenAPI security requirement object: scheme name → scopes (roles) it needs. */
export type SecurityRequirement = Record<string, string[]>;

/** The `security` of a route and a sentence for its description, from what its hook asks for. */
export function securityOf(auth: RouteAuth | null): { security: SecurityRequirement[]; text: string } {
  if (auth === null) return { security: [], text: 'No authentication.' };
  if (auth.sessionOnly) {
    return {
      security: [{ session: [] }],
      text: 'Needs a signed-in session (cookie + `X-CSRF-Token` on writes); an API key is refused (`forbidden`).',
    };
  }
  if (auth.need === null) {
    return {
      security: [{ session: [] }, { apiKey: [] }],
      text: 'Needs a signed-in session (cookie + `X-CSRF-Token` on writes) or an API key with any scope.',
    };
  }
  const who = auth.need === 'admin' ? 'an administrator’s session' : 'a signed-in session';
  return {
    security: [{ session: [] }, { apiKey: [auth.need] }],
    text: `Needs ${who} (cookie + \`X-CSRF-Token\` on writes) or an API key with the scope \`${auth.need}\`.`,
  };
}

/**
 * An `onRoute` hook: every API route declares in the OpenAPI document how it is authenticated,
 * read from the `authenticated` hook it runs, so the document cannot drift from what is enforced.
 * A route that sets `security` itself keeps it.
 */
export function declareSecurity(prefix: string): (route: RouteOptions) => void {
  return (route) => {
    if (!route.url.startsWith(prefix)) return;
    const schema = route.schema ?? {};
    if (schema.hide === true) return;
    const { security, text } = securityOf(routeAuthOf(route.onRequest));
    const declared: { security?: unknown; description?: unknown } = schema;
    // A GET route's automatic HEAD route shares its schema: declare once.
    if (typeof declared.description === 'string' && declared.description.includes(MARK)) return;
    const description = typeof declared.description === 'string' ? `${declared.description}\n\n` : '';
    route.schema = Object.assign(schema, {
      security: declared.security ?? security,
      description: `${description}${MARK} ${text}`,
    });
  };
}
