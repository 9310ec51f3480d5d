import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fkError } from '../../domain/errors/error.js';
import { recordCanary } from '../../sandbox/canary.js';
import { useSandbox } from '../../sandbox/testing/sandbox-fixture.js';
import { githubClassicToken } from '../../sandbox/token-formats.js';
import { createAccounts } from '../../services/accounts/index.js';
import type { Vault } from '../../services/vault/index.js';
import { makeSqliteVaultTarget, type VaultTarget } from '../../services/vault/testing/vault-target.js';
import { openStore, type Store } from '../../store/index.js';
import { buildApp } from '../app.js';
import { createServerMetrics, type ServerMetrics } from './server-metrics.js';
import { storeCensus } from './token-census.js';

const DAY_MS = 86_400_000;

describe('/metrics', () => {
  const fixture = useSandbox();
  let target: VaultTarget;
  let vault: Vault;
  let store: Store;
  let metrics: ServerMetrics;
  let app: FastifyInstance;

  beforeAll(async () => {
    metrics = createServerMetrics({ censusCacheMs: 0 });
    target = await makeSqliteVaultTarget();
    vault = await target.open({ adapter: { retries: 0, backoffMs: 1, onRequest: metrics.onForgeRequest } });
    const opened = await openStore({ dataDir: target.dataDir, env: {} });
    if (!opened.ok) throw new Error(opened.error.message);
    store = opened.value;
    metrics.census = storeCensus(store);
    app = await buildApp({ vault, accounts: createAccounts({ store }), metrics, logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await vault?.close();
    await store?.close();
    await target?.dispose();
  });

  const scrape = async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    return response.body;
  };

  async function addToken(ownerId: string, expiresInDays: number): Promise<void> {
    const created = await fixture.sandbox.control.createToken({
      forge: 'github',
      kind: 'classic',
      login: `user-${ownerId}`,
      scopes: ['repo'],
      expiresAt: new Date(Date.now() + expiresInDays * DAY_MS).toISOString(),
    });
    const added = await vault.add({
      ownerId,
      raw: created.token,
      forge: 'github',
      apiUrl: fixture.sandbox.urls.github.api,
      actor: 'test',
    });
    if (!added.ok) throw new Error(added.error.code);
  }

  it('counts requests by method, route template and status, with latency', async () => {
    const token = githubClassicToken();
    recordCanary(token);
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: `/nothing/${token}` });
    const body = await scrape();
    expect(body).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(body).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(body).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/healthz",status="200"\}/,
    );
    expect(body).toContain(
      'http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 1',
    );
    expect(body).not.toContain(token);
  });

  it('counts tokens by status across owners, with expiring computed as of now', async () => {
    await addToken('alice', 90);
    await addToken('bob', 5);
    const body = await scrape();
    expect(body).toContain('forgekeeper_tokens{status="active"} 1');
    expect(body).toContain('forgekeeper_tokens{status="expiring"} 1');
    expect(body).toContain('forgekeeper_tokens{status="invalid"} 0');
  });

  it('counts failed forge calls by forge and code, and refresh runs by outcome', async () => {
    await fixture.sandbox.control.addFault({ forge: 'github', type: 'status', status: 502 });
    await addToken('carol', 90).catch(() => undefined);
    const refreshed = await vault.refreshAll({ maxAttempts: 1, backoffMs: 1 });
    expect(refreshed.ok).toBe(true);
    metrics.onRefreshRun(refreshed.ok && refreshed.value.stale.length > 0 ? 'partial' : 'completed');
    const body = await scrape();
    expect(body).toMatch(/forgekeeper_forge_errors_total\{forge="github",code="http_502"\} [1-9]/);
    expect(body).toContain('forgekeeper_refresh_runs_total{outcome="partial"} 1');
    expect(body).toMatch(/forgekeeper_refresh_last_run_timestamp_seconds\{outcome="partial"\} \d+/);
    // The forge being down is no verdict: the tokens are stale, never invalid.
    expect(body).toContain('forgekeeper_tokens{status="invalid"} 0');
    expect(body).toMatch(/forgekeeper_tokens\{status="stale"\} [1-9]/);
  });

  it('leaves the token gauge empty when the store cannot answer', async () => {
    const lonely = createServerMetrics({ censusCacheMs: 0 });
    lonely.census = storeCensus({
      tokens: { listForRefresh: async () => ({ ok: false, error: fkError('store_unavailable') }) },
    });
    const text = await lonely.registry.metrics();
    expect(text).toContain('# TYPE forgekeeper_tokens gauge');
    expect(text).not.toMatch(/^forgekeeper_tokens\{/m);
  });
});
