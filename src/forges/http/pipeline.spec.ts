import { getEventListeners } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestEvent } from '../types.js';
import { responseHeaders } from './attempt.js';
import { createPipeline } from './pipeline.js';
import { instant, networkFailure, type ScriptedReply, scriptedSend } from './testing/scripted-send.js';
import type { HttpSend, PipelineConfig } from './types.js';

const API = 'https://forge.example/api/v4';
const TOKEN = 'glpat-pipelineSecret0123456789';

function setup(replies: ScriptedReply[], config: Partial<PipelineConfig> = {}) {
  const scripted = scriptedSend(replies);
  const events: RequestEvent[] = [];
  const sleeps: number[] = [];
  const pipeline = createPipeline({
    forge: 'gitlab',
    apiUrl: API,
    ...instant,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    send: scripted.send,
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
        { throws: networkFailure('ECONNRESET') },
        { throws: networkFailure('ECONNRESET') },
        { throws: networkFailure('ECONNRESET') },
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

describe("pipeline and the caller's signal", () => {
  it('aborts every attempt in flight under one signal, through one listener on it', async () => {
    const caller = new AbortController();
    const send: HttpSend = (request) =>
      new Promise((_resolve, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      });
    const pipeline = createPipeline({ forge: 'gitlab', apiUrl: API, send, ...instant });
    const pending = [1, 2, 3].map(() =>
      pipeline.request({ method: 'GET', url: `${API}/user`, signal: caller.signal }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    caller.abort();
    for (const outcome of await Promise.all(pending)) {
      expect(outcome).toMatchObject({ type: 'network', failure: { reason: 'aborted', attempts: 1 } });
    }
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
      [{ throws: networkFailure('ECONNRESET', `socket hang up sending PRIVATE-TOKEN: ${TOKEN}`) }],
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
      [{ throws: networkFailure('ECONNRESET', `could not send {"credentials":["${TOKEN}"]}`) }],
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

describe('response headers', () => {
  it("reads the transport's lower-case record case-insensitively, repeats joined as Headers does", () => {
    const headers = responseHeaders({ 'x-oauth-scopes': 'repo, user', link: ['<a>; rel="next"', '<b>'] });
    expect(headers.get('X-OAuth-Scopes')).toBe('repo, user');
    expect(headers.get('Link')).toBe('<a>; rel="next", <b>');
    expect(headers.has('x-oauth-scopes')).toBe(true);
    expect(headers.get('retry-after')).toBeNull();
    expect(headers.has('constructor')).toBe(false);
  });
});

describe('pipeline transport (real sockets)', () => {
  const servers: Server[] = [];
  async function serve(handler: RequestListener): Promise<{ base: string; connections: () => number }> {
    const server = createServer(handler);
    let connections = 0;
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const { port } = server.address() as AddressInfo;
    return { base: `http://127.0.0.1:${port}/api`, connections: () => connections };
  }
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('never follows a redirect: the 3xx comes back and the other host never sees the credentials', async () => {
    const elsewhere: string[] = [];
    const other = await serve((req, res) => {
      elsewhere.push(String(req.headers['private-token']));
      res.end('{}');
    });
    const forge = await serve((_req, res) => {
      res.writeHead(302, { location: `${other.base}/user` }).end();
    });
    const pipeline = createPipeline({ forge: 'gitlab', apiUrl: forge.base, retries: 0 });
    const outcome = await pipeline.request({
      method: 'GET',
      url: `${forge.base}/user`,
      headers: { 'PRIVATE-TOKEN': TOKEN },
    });
    expect(outcome).toMatchObject({ type: 'response', response: { status: 302, attempts: 1 } });
    if (outcome.type === 'response')
      expect(outcome.response.headers.get('Location')).toBe(`${other.base}/user`);
    expect(elsewhere).toEqual([]);
  });

  it('keeps connections alive across pipelines (one agent for the process, not one per adapter)', async () => {
    const forge = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    for (let i = 0; i < 3; i++) {
      // A fresh pipeline per request, as a fresh adapter per check makes one.
      const pipeline = createPipeline({ forge: 'github', apiUrl: forge.base });
      const outcome = await pipeline.request({ method: 'GET', url: `${forge.base}/user` });
      expect(outcome).toMatchObject({ type: 'response', response: { status: 200, json: { ok: true } } });
      // undici hands the socket back just after the body ends; a request sent in that very tick opens a
      // second connection (fetch does the same). A short pause makes the reuse exact.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(forge.connections()).toBe(1);
  });

  it('ends an attempt the caller aborts mid-flight as aborted, not retried', async () => {
    const forge = await serve(() => {}); // never answers
    const controller = new AbortController();
    const pipeline = createPipeline({ forge: 'github', apiUrl: forge.base, retries: 2, backoffMs: 1 });
    const pending = pipeline.request({ method: 'GET', url: `${forge.base}/user`, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ type: 'network', failure: { reason: 'aborted', attempts: 1 } });
  });
});
