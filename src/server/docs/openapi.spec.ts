import { describe, expect, it } from 'vitest';
import { useApp } from '../testing/app-fixture.js';

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
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
