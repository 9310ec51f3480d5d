import { describe, expect, it } from 'vitest';
import { startSandbox } from './index.js';
import { bitbucketApiToken, githubClassic, gitlabPersonal } from './testing/factories.js';
import { basic, call, useSandbox } from './testing/sandbox-fixture.js';

const ctx = useSandbox();
const github = (path = '/user') => `${ctx.sandbox.urls.github.api}${path}`;
const gitlab = (path: string) => `${ctx.sandbox.urls.gitlab.api}${path}`;
const bitbucket = (path: string) => `${ctx.sandbox.urls.bitbucket.api}${path}`;

async function failure(url: string, timeoutMs = 5_000): Promise<string> {
  try {
    await fetch(url, { headers: { 'user-agent': 'test' }, signal: AbortSignal.timeout(timeoutMs) });
    return 'answered';
  } catch (error) {
    return error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network';
  }
}

describe('status faults', () => {
  it('answer with each forge’s usual error body', async () => {
    await ctx.sandbox.control.addFault({ forge: '*', type: 'status', status: 502 });
    const gh = await call(github());
    expect(gh.status).toBe(502);
    expect(gh.body).toEqual({
      message: 'Server Error',
      documentation_url: 'https://docs.github.com/rest',
      status: '502',
    });
    const gl = await call(gitlab('/user'));
    expect(gl.status).toBe(502);
    expect(gl.body).toEqual({ message: '502 Bad Gateway' });
    const bb = await call(bitbucket('/user'));
    expect(bb.status).toBe(502);
    expect(bb.body).toEqual({ type: 'error', error: { message: 'Bad Gateway' } });
  });

  it('apply only to their forge and path glob', async () => {
    await ctx.sandbox.control.addFault({
      forge: 'gitlab',
      path: '/personal_access_tokens/*',
      type: 'status',
      status: 503,
    });
    expect((await call(gitlab('/personal_access_tokens/self'))).status).toBe(503);
    expect((await call(gitlab('/user'))).status).toBe(401);
    expect((await call(github())).status).toBe(401);
  });

  it('with count apply to the next N matching requests, then disappear', async () => {
    await ctx.sandbox.control.addFault({ forge: 'github', type: 'status', status: 500, count: 2 });
    expect((await call(github())).status).toBe(500);
    expect((await call(github())).status).toBe(500);
    expect((await call(github())).status).toBe(401);
    expect(await ctx.sandbox.control.listFaults()).toEqual([]);
  });

  it('with probability 0 never apply and with 1 always do', async () => {
    await ctx.sandbox.control.addFault({
      forge: 'github',
      path: '/user',
      type: 'status',
      status: 500,
      probability: 0,
    });
    await ctx.sandbox.control.addFault({
      forge: 'github',
      path: '/rate_limit',
      type: 'status',
      status: 500,
      probability: 1,
    });
    for (let i = 0; i < 10; i++) {
      expect((await call(github('/user'))).status).toBe(401);
      expect((await call(github('/rate_limit'))).status).toBe(500);
    }
  });

  it('are cleared by DELETE /faults and removed one by one', async () => {
    const fault = await ctx.sandbox.control.addFault({ forge: '*', type: 'status', status: 500 });
    await ctx.sandbox.control.removeFault(fault.id);
    expect((await call(github())).status).toBe(401);
    await ctx.sandbox.control.addFault({ forge: '*', type: 'status', status: 500 });
    const cleared = await call(`${ctx.sandbox.urls.control}/faults`, { method: 'DELETE' });
    expect(cleared.status).toBe(204);
    expect((await call(github())).status).toBe(401);
  });

  it('never touch the control API', async () => {
    await ctx.sandbox.control.addFault({ forge: '*', type: 'reset' });
    const clock = await call(`${ctx.sandbox.urls.control}/clock`);
    expect(clock.status).toBe(200);
  });
});

describe('network faults', () => {
  it('reset destroys the connection', async () => {
    await ctx.sandbox.control.addFault({ forge: 'github', type: 'reset' });
    expect(await failure(github())).toBe('network');
    const log = await ctx.sandbox.control.requests();
    expect(log.requests.at(-1)).toMatchObject({
      forge: 'github',
      path: '/user',
      status: null,
      fault: 'reset',
    });
  });

  it('timeout with ms holds the request that long, then drops it', async () => {
    await ctx.sandbox.control.addFault({ forge: 'gitlab', type: 'timeout', ms: 150 });
    const started = performance.now();
    expect(await failure(gitlab('/user'))).toBe('network');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('timeout without ms never answers', async () => {
    await ctx.sandbox.control.addFault({ forge: 'bitbucket', type: 'timeout' });
    expect(await failure(bitbucket('/user'), 300)).toBe('timeout');
  });

  it('a held request does not keep close() waiting', async () => {
    const sandbox = await startSandbox();
    await sandbox.control.addFault({ forge: '*', type: 'timeout' });
    const pending = failure(`${sandbox.urls.github.api}/user`, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await sandbox.close();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await pending).toBe('network');
  });

  it('html answers 200 with a captive-portal page instead of JSON', async () => {
    await ctx.sandbox.control.addFault({ forge: 'bitbucket', type: 'html' });
    const answer = await call(bitbucket('/user'));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.text).toContain('<html>');
  });
});

describe('latency', () => {
  it('latency faults add their delay', async () => {
    await ctx.sandbox.control.addFault({ forge: 'github', type: 'latency', ms: 120 });
    const started = performance.now();
    await call(github());
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('latency combines with an answering fault', async () => {
    await ctx.sandbox.control.addFault({ forge: 'github', type: 'latency', ms: 80 });
    await ctx.sandbox.control.addFault({ forge: 'github', type: 'status', status: 503 });
    const started = performance.now();
    expect((await call(github())).status).toBe(503);
    expect(performance.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('keeps up with 1,000 requests at 50 ms and concurrency 100 (timers, not busy work)', async () => {
    await ctx.sandbox.control.setConfig({ latencyMs: 50 });
    const token = await ctx.sandbox.control.createToken(githubClassic());
    const headers = { authorization: `Bearer ${token.token}` };
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < 1_000) {
        next += 1;
        const answer = await call(github(), { headers });
        if (answer.status !== 200) throw new Error(`status ${answer.status}`);
      }
    };
    await Promise.all(Array.from({ length: 100 }, worker));
    const elapsed = performance.now() - started;
    // 10 rounds of 50 ms = 500 ms of pure latency; allow generous room for a loaded CI machine.
    expect(elapsed).toBeLessThan(6_000);
    expect((await ctx.sandbox.control.requests({ limit: 1 })).total).toBe(1_000);
  });
});

describe('rate_limit faults', () => {
  it('GitHub primary: 403 with remaining 0, reset and the user id', async () => {
    const token = await ctx.sandbox.control.createToken(githubClassic());
    await ctx.sandbox.control.addFault({ forge: 'github', type: 'rate_limit' });
    const answer = await call(github(), { headers: { authorization: `Bearer ${token.token}` } });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      message: `API rate limit exceeded for user ID ${token.account.id}.`,
    });
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
  });

  it('GitHub primary as 429, and the secondary limit with retry-after', async () => {
    await ctx.sandbox.control.addFault({ forge: 'github', path: '/user', type: 'rate_limit', status: 429 });
    expect((await call(github('/user'))).status).toBe(429);
    await ctx.sandbox.control.addFault({
      forge: 'github',
      path: '/rate_limit',
      type: 'rate_limit',
      variant: 'secondary',
    });
    const secondary = await call(github('/rate_limit'));
    expect(secondary.status).toBe(403);
    expect(secondary.headers.get('retry-after')).toBe('60');
    expect(secondary.body).toMatchObject({ message: expect.stringContaining('secondary rate limit') });
  });

  it('GitLab: 429 plain-text Retry later with Retry-After and RateLimit-*', async () => {
    const token = await ctx.sandbox.control.createToken(gitlabPersonal());
    await ctx.sandbox.control.addFault({ forge: 'gitlab', type: 'rate_limit' });
    const answer = await call(gitlab('/personal_access_tokens/self'), {
      headers: { 'private-token': token.token },
    });
    expect(answer.status).toBe(429);
    expect(answer.text).toBe('Retry later\n');
    expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(answer.headers.get('ratelimit-name')).toBe('throttle_authenticated_api');
    expect(answer.headers.get('ratelimit-resettime')).toBeTruthy();
  });

  it('Bitbucket: 429 with its message', async () => {
    const token = await ctx.sandbox.control.createToken(bitbucketApiToken());
    await ctx.sandbox.control.addFault({ forge: 'bitbucket', type: 'rate_limit' });
    const answer = await call(bitbucket('/user'), {
      headers: { authorization: basic('bucky@example.com', token.token) },
    });
    expect(answer.status).toBe(429);
    expect(answer.body).toEqual({
      type: 'error',
      error: { message: 'Rate limit for this resource has been exceeded' },
    });
  });
});
