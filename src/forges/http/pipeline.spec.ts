import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '../types.js';
import { createPipeline } from './pipeline.js';
import { fetchFailed, instant, type ScriptedReply, scriptedFetch } from './testing/scripted-fetch.js';
import type { PipelineConfig } from './types.js';

const API = 'https://forge.example/api/v4';
const TOKEN = 'glpat-pipelineSecret0123456789';

function setup(replies: ScriptedReply[], config: Partial<PipelineConfig> = {}) {
  const scripted = scriptedFetch(replies);
  const events: RequestEvent[] = [];
  const sleeps: number[] = [];
  const pipeline = createPipeline({
    forge: 'gitlab',
    apiUrl: API,
    ...instant,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    fetch: scripted.fetch,
    onRequest: (e) => events.push(e),
    ...config,
  });
  const get = (path = '/user?private_token=leak', signal?: AbortSignal) =>
    pipeline.request({ method: 'GET', url: `${API}${path}`, headers: { 'PRIVATE-TOKEN': TOKEN }, signal });
  return { get, pipeline, calls: scripted.calls, events, sleeps };
}

describe('pipeline retries', () => {
  it('retries a 5xx and returns the recovery', async () => {
    const { get, calls, events } = setup([
      { status: 502, body: 'bad gateway' },
      { status: 200, body: { ok: 1 } },
    ]);
    const outcome = await get();
    expect(outcome).toMatchObject({
      type: 'response',
      response: { status: 200, json: { ok: 1 }, attempts: 2 },
    });
    expect(calls).toHaveLength(2);
    expect(events.map((e) => [e.attempt, e.status])).toEqual([
      [1, 502],
      [2, 200],
    ]);
  });

  it('retries network errors, at most `retries` times, with growing backoff', async () => {
    const { get, calls, sleeps } = setup(
      [
        { throws: fetchFailed('ECONNRESET') },
        { throws: fetchFailed('ECONNRESET') },
        { throws: fetchFailed('ECONNRESET') },
      ],
      { retries: 2, backoffMs: 100, random: () => 1 },
    );
    const outcome = await get();
    expect(outcome).toMatchObject({
      type: 'network',
      failure: { reason: 'reset', code: 'ECONNRESET', attempts: 3 },
    });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it.each([400, 401, 403, 404, 422])('never retries a %i', async (status) => {
    const { get, calls } = setup([{ status, body: { message: 'no' } }]);
    const outcome = await get();
    expect(outcome).toMatchObject({ type: 'response', response: { status } });
    expect(calls).toHaveLength(1);
  });

  it('returns the last 5xx when retries run out', async () => {
    const { get, calls } = setup([{ status: 503 }, { status: 503 }], { retries: 1 });
    expect(await get()).toMatchObject({ type: 'response', response: { status: 503 } });
    expect(calls).toHaveLength(2);
  });

  it('takes a per-request retries override: 0 sends a request once (a rotation, forges.md §2.6)', async () => {
    const { pipeline, calls } = setup([{ status: 502 }, { status: 200, body: {} }], { retries: 2 });
    const outcome = await pipeline.request({ method: 'POST', url: `${API}/rotate`, retries: 0 });
    expect(outcome).toMatchObject({ type: 'response', response: { status: 502, attempts: 1 } });
    expect(calls).toHaveLength(1);
  });

  it('does not retry when the caller aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { get, calls } = setup([{ status: 200 }]);
    const outcome = await get('/user', controller.signal);
    expect(outcome).toMatchObject({ type: 'network', failure: { reason: 'aborted', attempts: 1 } });
    expect(calls).toHaveLength(1);
  });
});

describe('pipeline rate limits', () => {
  it('returns rate_limited at once by default (maxRateLimitWaitMs 0)', async () => {
    const { get, calls } = setup([{ status: 429, headers: { 'Retry-After': '30' }, body: 'Retry later' }], {
      now: () => Date.parse('2026-05-01T12:00:00Z'),
    });
    expect(await get()).toMatchObject({ type: 'rate_limited', retryAt: '2026-05-01T12:00:30.000Z' });
    expect(calls).toHaveLength(1);
  });

  it('waits and retries when retryAt is within maxRateLimitWaitMs', async () => {
    const { get, calls, sleeps } = setup(
      [
        { status: 429, headers: { 'Retry-After': '2' } },
        { status: 200, body: {} },
      ],
      { maxRateLimitWaitMs: 5_000, now: () => 0 },
    );
    expect(await get()).toMatchObject({ type: 'response', response: { status: 200 } });
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([2_000]);
  });

  it('assumes a minute when the forge says "later" without saying when', async () => {
    const { get } = setup([{ status: 429 }], { now: () => 0 });
    expect(await get()).toMatchObject({ type: 'rate_limited', retryAt: new Date(60_000).toISOString() });
  });

  it('treats a 403 with x-ratelimit-remaining 0 as a rate limit, a plain 403 not', async () => {
    const limited = setup([
      { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2000000000' } },
    ]);
    expect((await limited.get()).type).toBe('rate_limited');
    const forbidden = setup([{ status: 403, body: { message: 'Forbidden' } }]);
    expect((await forbidden.get()).type).toBe('response');
  });
});

describe('pipeline events and redaction', () => {
  it('reports the path relative to the API base without the query, never header values', async () => {
    const { get, events } = setup([{ status: 200, body: {} }]);
    await get('/personal_access_tokens/self?private_token=leak');
    expect(events).toEqual([
      {
        forge: 'gitlab',
        method: 'GET',
        path: '/personal_access_tokens/self',
        status: 200,
        attempt: 1,
        durationMs: expect.any(Number),
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it('redacts credentials that a network error message echoes', async () => {
    const { get, events } = setup(
      [{ throws: fetchFailed('ECONNRESET', `socket hang up sending PRIVATE-TOKEN: ${TOKEN}`) }],
      {
        retries: 0,
      },
    );
    const outcome = await get();
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
    expect(outcome).toMatchObject({
      type: 'network',
      failure: { message: expect.stringContaining('[REDACTED]') },
    });
    expect(events[0]).toMatchObject({ status: null, errorCode: 'ECONNRESET' });
  });

  it('redacts credentials carried in the body (request.secrets) from network error messages', async () => {
    const { pipeline } = setup(
      [{ throws: fetchFailed('ECONNRESET', `could not send {"credentials":["${TOKEN}"]}`) }],
      {
        retries: 0,
      },
    );
    const outcome = await pipeline.request({
      method: 'POST',
      url: `${API}/credentials/revoke`,
      body: JSON.stringify({ credentials: [TOKEN] }),
      secrets: [TOKEN],
    });
    expect(outcome.type).toBe('network');
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  it('keeps going when the onRequest sink throws', async () => {
    const { get } = setup([{ status: 200, body: {} }], {
      onRequest: () => {
        throw new Error('sink down');
      },
    });
    expect((await get()).type).toBe('response');
  });

  it('parses non-JSON bodies as undefined and keeps the text', async () => {
    const { get } = setup([
      { status: 200, body: '<html>login</html>', headers: { 'content-type': 'text/html' } },
    ]);
    expect(await get()).toMatchObject({
      type: 'response',
      response: { json: undefined, text: '<html>login</html>' },
    });
  });
});

describe('pipeline timeout (real sockets)', () => {
  it('gives up on a server that never answers after timeoutMs per attempt, and retries', async () => {
    let hits = 0;
    const server = createServer(() => {
      hits++; // never answers
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/api`;
    try {
      const pipeline = createPipeline({
        forge: 'github',
        apiUrl: base,
        timeoutMs: 100,
        retries: 1,
        backoffMs: 1,
      });
      const started = Date.now();
      const outcome = await pipeline.request({ method: 'GET', url: `${base}/user` });
      expect(outcome).toMatchObject({ type: 'network', failure: { reason: 'timeout', attempts: 2 } });
      expect(hits).toBe(2);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
