import { describe, expect, it } from 'vitest';
import { recordCanary } from '../../sandbox/canary.js';
import { githubClassicToken } from '../../sandbox/token-formats.js';
import { useApp } from '../testing/app-fixture.js';

describe('security headers', () => {
  const fixture = useApp();
  const proxied = useApp({ deps: { trustProxy: true } });

  it('sends a strict Content-Security-Policy, nosniff and no referrer on API responses', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('sends the strict policy on errors too', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/missing' });
    expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('sends no HSTS over plain HTTP, nor for a forwarded protocol it does not trust', async () => {
    const plain = await fixture.app.inject({ method: 'GET', url: '/healthz' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const spoofed = await fixture.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS behind a trusted TLS proxy', async () => {
    const response = await proxied.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+; includeSubDomains$/);
  });
});

describe('request ids', () => {
  const fixture = useApp();

  it('honours a sane X-Request-Id and echoes it', async () => {
    const response = await fixture.app.inject({
      method: 'GET',
      url: '/missing',
      headers: { 'x-request-id': 'trace-1234.abc' },
    });
    expect(response.headers['x-request-id']).toBe('trace-1234.abc');
    expect(response.json().requestId).toBe('trace-1234.abc');
  });

  it('replaces an id that is too long, has odd characters or looks like a token', async () => {
    const token = githubClassicToken();
    recordCanary(token);
    for (const given of ['x'.repeat(65), 'has space', '"quoted"', token]) {
      const response = await fixture.app.inject({
        method: 'GET',
        url: '/missing',
        headers: { 'x-request-id': given },
      });
      const id = String(response.headers['x-request-id']);
      expect(id).not.toBe(given);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.body).not.toContain(given);
    }
  });

  it('gives every request its own id', async () => {
    const [a, b] = await Promise.all([
      fixture.app.inject({ method: 'GET', url: '/healthz' }),
      fixture.app.inject({ method: 'GET', url: '/healthz' }),
    ]);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});
