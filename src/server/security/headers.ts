import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

type Directives = Record<string, string[]>;

/**
 * The Content-Security-Policy of every response: only this origin's own files, no inline script or
 * style, no plugins, never framed. The API answers JSON, so for it this mostly matters when a
 * browser is tricked into rendering a response; the web UI will live under the same policy.
 */
export const STRICT_CSP: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'"],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
};

/**
 * The API reference at /docs (Swagger UI) loads its scripts and styles from /docs/static (no inline
 * script: @fastify/swagger-ui ships an empty list of inline hashes), but its stylesheet draws icons
 * as `data:` SVG images and fonts. Nothing else is relaxed; the online validator badge is off.
 */
export const DOCS_CSP: Directives = {
  ...STRICT_CSP,
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
};

export function cspHeader(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Two years, with subdomains: the usual preload-list value, for HTTPS deployments only. */
const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * Security headers on every response (helmet): the strict CSP, `nosniff`, `Referrer-Policy:
 * no-referrer`, no framing. HSTS only when the request came over HTTPS, which Forgekeeper sees only
 * behind a TLS-terminating proxy with `trustProxy` on (it reads X-Forwarded-Proto): sending HSTS
 * over plain HTTP on 127.0.0.1 would pin a browser to HTTPS for a host that has none. Responses are
 * `Cache-Control: no-store` unless a route says otherwise (token metadata must not sit in caches).
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: STRICT_CSP },
    referrerPolicy: { policy: 'no-referrer' },
    // Same as the CSP's frame-ancestors 'none', for browsers that only know the older header.
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
