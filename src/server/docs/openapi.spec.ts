import { describe, expect, it } from 'vitest';
import { useApp } from '../testing/app-fixture.js';

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, unknown>; security?: Record<string, string[]>[]; description?: string }
    >
  >;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string }> };
}

describe('the API reference', () => {
  const fixture = useApp({ deps: { publicUrl: 'https://forgekeeper.example.com' } });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const document = JSON.parse(response.body) as OpenApiDocument;
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.info.title).toBe('Forgekeeper');
    expect(document.servers[0]?.url).toBe('https://forgekeeper.example.com');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics']));
    // The docs' own routes and the document itself are not API.
    expect(Object.keys(document.paths).some((path) => path.startsWith('/docs'))).toBe(false);
    expect(document.paths['/api/v1/openapi.json']).toBeUndefined();
    // The readiness failure is described by the shared error body.
    expect(JSON.stringify(document.paths['/readyz']?.get?.responses['503'])).toContain(
      '#/components/schemas/Error',
    );
    expect(document.components.schemas.Error).toMatchObject({ required: ['error', 'requestId'] });
  });

  it('declares on every API route how it is authenticated and which scope a key needs', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const document = JSON.parse(response.body) as OpenApiDocument;
    expect(document.components.securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie', name: 'fk_session' },
      apiKey: { type: 'http', scheme: 'bearer' },
    });
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => ({ what: `${method} ${path}`, op })),
      );
    expect(operations.length).toBeGreaterThan(20);
    for (const { what, op } of operations) {
      expect(op.security, what).toBeDefined();
      // Exactly once, though a GET and its automatic HEAD share one schema.
      expect(op.description?.split('**Authentication:**').length, what).toBe(2);
    }
    const security = (method: string, path: string) => document.paths[path]?.[method]?.security;
    expect(security('get', '/api/v1/tokens')).toEqual([{ session: [] }, { apiKey: ['tokens:read'] }]);
    expect(security('post', '/api/v1/tokens/{id}/rotate')).toEqual([
      { session: [] },
      { apiKey: ['tokens:use'] },
    ]);
    expect(security('get', '/api/v1/users')).toEqual([{ session: [] }, { apiKey: ['admin'] }]);
    expect(security('get', '/api/v1/api-keys')).toEqual([{ session: [] }, { apiKey: [] }]);
    // A person at a browser only: no API key.
    expect(security('post', '/api/v1/api-keys')).toEqual([{ session: [] }]);
    expect(security('post', '/api/v1/me/password')).toEqual([{ session: [] }]);
    // Signed-out routes.
    expect(security('post', '/api/v1/session')).toEqual([]);
    expect(security('post', '/api/v1/invites/redeem')).toEqual([]);
  });

  it('serves Swagger UI at /docs with its assets, under a policy without inline script', async () => {
    const page = await fixture.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);

    for (const asset of ['swagger-ui-bundle.js', 'swagger-initializer.js', 'swagger-ui.css']) {
      const response = await fixture.app.inject({ method: 'GET', url: `/docs/static/${asset}` });
      expect(response.statusCode, asset).toBe(200);
    }
    const initializer = await fixture.app.inject({
      method: 'GET',
      url: '/docs/static/swagger-initializer.js',
    });
    // Swagger UI must not send our document to the public validator.
    expect(initializer.body).toContain('validatorUrl: null');
  });

  it('keeps the strict policy off /docs', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(String(response.headers['content-security-policy'])).toContain("img-src 'self';");
  });
});
