import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { useApp } from '../testing/app-fixture.js';
import { webUi } from './web-ui.js';

const root = mkdtempSync(join(tmpdir(), 'fk-web-'));
mkdirSync(join(root, 'assets'));
const INDEX =
  '<!doctype html><title>Forgekeeper</title><script type="module" src="/assets/app-abc123.js"></script>';
writeFileSync(join(root, 'index.html'), INDEX);
writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log("ui");');
writeFileSync(join(root, 'assets', 'app-abc123.css'), 'body{margin:0}');

describe('the web UI', () => {
  const fixture = useApp({ deps: { webRoot: root } });

  it('serves index.html at / under the strict CSP, not cached', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toBe(INDEX);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves hashed assets with their type, cached for a year, under the CSP', async () => {
    const js = await fixture.app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-security-policy']).toContain("default-src 'self'");
    const css = await fixture.app.inject({ method: 'GET', url: '/assets/app-abc123.css' });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('answers client-side routes with index.html (SPA fallback)', async () => {
    for (const url of [
      '/tokens',
      '/audit',
      '/api-keys?x=1',
      '/settings/tokens',
      '/users',
      '/account',
      '/tokens/0193ab/repos',
    ]) {
      const response = await fixture.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).toBe(INDEX);
    }
  });

  it('keeps the JSON 404 for the API, missing assets and paths that are not UI pages', async () => {
    for (const url of ['/api/v1/nope', '/api/nope', '/assets/missing-123.js', '/favicon.ico', '/nowhere']) {
      const response = await fixture.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/json/);
      expect(response.json().error.code, url).toBe('not_found');
    }
  });

  it('leaves the API, probes and docs alone', async () => {
    const setup = await fixture.app.inject({ method: 'GET', url: '/api/v1/setup' });
    expect(setup.json()).toEqual({ state: 'needs_setup' });
    const health = await fixture.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toMatchObject({ status: 'ok' });
    const openapi = await fixture.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(openapi.json().paths['/api/v1/guides']).toBeDefined();
  });
});

describe('without a built UI', () => {
  it('registers nothing: unknown paths keep the 404', async () => {
    const app = Fastify();
    await app.register(webUi, { root: null });
    const response = await app.inject({ method: 'GET', url: '/tokens' });
    expect(response.statusCode).toBe(404);
    await app.close();
  });
});
