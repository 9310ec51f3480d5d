import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { fkError } from '../../domain/errors/error.js';
import { err } from '../../domain/result.js';
import type { Vault } from '../../services/vault/index.js';
import { installErrorHandling } from '../errors/error-handler.js';
import { useApp } from '../testing/app-fixture.js';
import { installZodCompilers } from '../zod-compilers.js';
import { healthRoutes } from './health.js';

describe('/healthz and /readyz', () => {
  const fixture = useApp();

  it('says the process is up', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  it('says the store answers', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { store: 'ok' } });
  });

  it('fails with 503 and the error body once the store is closed, while /healthz still answers', async () => {
    await fixture.vault.close();
    const response = await fixture.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      error: { code: 'store_unavailable' },
      requestId: response.headers['x-request-id'],
    });
    expect((await fixture.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('/readyz against a store that does not answer well', () => {
  async function appWith(listHosts: Vault['listHosts']) {
    const app = Fastify({ logger: false });
    installErrorHandling(app);
    installZodCompilers(app);
    await app.register(healthRoutes, { vault: { listHosts }, now: () => new Date(), readyTimeoutMs: 50 });
    return app;
  }

  it('answers 503 store_busy when the store is busy (a 503 whatever the code)', async () => {
    const app = await appWith(async () => err(fkError('store_busy')));
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('store_busy');
  });

  it('answers 503 store_unavailable when the store does not answer in time', async () => {
    const app = await appWith(() => new Promise(() => undefined));
    const started = Date.now();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('store_unavailable');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
