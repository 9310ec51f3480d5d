import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../domain/errors/catalogue.js';
import type { ForgeId } from '../domain/forge.js';
import type { Secret } from '../domain/secret.js';
import type { TokenKind } from '../domain/token-kind.js';
import { FORGE_DEFINITIONS } from './registry.js';
import { ACTIVE_TOKEN, EXPIRES, useForgeSandbox } from './sandbox-fixture.js';
import type { AdapterOptions, InspectOptions } from './types.js';

/*
 * The adapter contract (DESIGN.md principle 6): ONE behavioural suite, run against every forge
 * adapter through the sandbox forges. The sandbox is driven only through its HTTP control API with
 * plain fetch, as an outside client would. Per-forge differences are data in FORGE_CASES, each
 * backed by forges.md: GitHub cannot tell expired/revoked from unknown (§1.4), GitLab can (§2.4),
 * Bitbucket says 401 for all (§8.3).
 */

interface ForgeCase {
  forge: ForgeId;
  kind: TokenKind;
  /** `POST {control}/tokens` body of an active token. */
  token: Record<string, unknown>;
  inspect: InspectOptions;
  expected: { scopes: string[] | null; expiresAt: string | null };
  expiredCode: ErrorCode;
  revokedCode: ErrorCode;
  /** Requests one inspection makes, all at once: GitLab asks `/self` and `/user` together (§2.3). */
  introspectionCalls: number;
}

const FORGE_CASES: ForgeCase[] = [
  {
    forge: 'github',
    kind: 'classic',
    token: ACTIVE_TOKEN.github,
    inspect: {},
    expected: { scopes: ['repo', 'workflow'], expiresAt: EXPIRES },
    expiredCode: 'bad_credentials',
    revokedCode: 'bad_credentials',
    introspectionCalls: 1,
  },
  {
    forge: 'gitlab',
    kind: 'personal',
    token: ACTIVE_TOKEN.gitlab,
    inspect: {},
    expected: { scopes: ['api'], expiresAt: EXPIRES },
    expiredCode: 'token_expired',
    revokedCode: 'token_revoked',
    introspectionCalls: 2,
  },
  {
    forge: 'bitbucket',
    kind: 'api_token',
    token: ACTIVE_TOKEN.bitbucket,
    inspect: { email: 'octo@example.com' },
    // Bitbucket documents no way to read a token's expiry (forges.md §0, §3.6).
    expected: { scopes: ['read:user:bitbucket', 'read:repository:bitbucket'], expiresAt: null },
    expiredCode: 'bad_credentials',
    revokedCode: 'bad_credentials',
    introspectionCalls: 1,
  },
];

const CREDENTIAL_CODES: ErrorCode[] = [
  'bad_credentials',
  'token_expired',
  'token_revoked',
  'app_password_removed',
];

const { urls, control, createToken, adapterFor } = useForgeSandbox();

describe.each(FORGE_CASES)('adapter contract: $forge', (c) => {
  const inspect = async (token: Secret, options: AdapterOptions = {}) => {
    const { adapter, events } = adapterFor(c.forge, options);
    return { result: await adapter.inspect(token, c.kind, c.inspect), events };
  };

  it('webUrl maps the sandbox API URL to its web URL', () => {
    expect(FORGE_DEFINITIONS[c.forge].webUrl(urls()[c.forge].api)).toBe(urls()[c.forge].web);
  });

  it('an active token: account, kind, scopes, expiry', async () => {
    const { token } = await createToken(c.token);
    const { result } = await inspect(token);
    expect(result).toMatchObject({
      ok: true,
      value: {
        forge: c.forge,
        kind: c.kind,
        account: { login: 'octo', id: expect.stringMatching(/.+/) },
        scopes: c.expected.scopes,
        expiresAt: c.expected.expiresAt,
      },
    });
  });

  it('an expired token', async () => {
    const { token } = await createToken({ ...c.token, state: 'expired' });
    expect(await inspect(token)).toMatchObject({ result: { ok: false, error: { code: c.expiredCode } } });
  });

  it('a token past its expiry on the sandbox clock', async () => {
    const { token } = await createToken(c.token);
    await control('POST', '/clock', { set: '2027-01-02T00:00:00Z' });
    expect(await inspect(token)).toMatchObject({ result: { ok: false, error: { code: c.expiredCode } } });
  });

  it('a revoked token', async () => {
    const { token, id } = await createToken(c.token);
    await control('PATCH', `/tokens/${id}`, { state: 'revoked' });
    expect(await inspect(token)).toMatchObject({ result: { ok: false, error: { code: c.revokedCode } } });
  });

  it('an unknown token (well-formed, from a sandbox since reset) is bad_credentials, asked once', async () => {
    const { token } = await createToken(c.token);
    await control('POST', '/reset');
    const { result, events } = await inspect(token);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(events).toHaveLength(c.introspectionCalls);
    for (const e of events)
      expect(e).toMatchObject({ forge: c.forge, method: 'GET', status: 401, attempt: 1 });
  });

  const faults: [string, Record<string, unknown>, ErrorCode, AdapterOptions][] = [
    ['a 502', { type: 'status', status: 502 }, 'forge_unreachable', {}],
    ['a 503', { type: 'status', status: 503 }, 'forge_unreachable', {}],
    ['a connection reset', { type: 'reset' }, 'forge_unreachable', {}],
    ['a timeout', { type: 'timeout' }, 'forge_unreachable', { timeoutMs: 150, retries: 1 }],
    [
      'latency beyond the timeout',
      { type: 'latency', ms: 1_000 },
      'forge_unreachable',
      { timeoutMs: 150, retries: 0 },
    ],
    ['a rate limit', { type: 'rate_limit' }, 'rate_limited', {}],
    ['an HTML page', { type: 'html' }, 'forge_unreachable', {}],
  ];

  it.each(faults)('%s → %s, never a credentials error', async (_name, fault, code, options) => {
    const { token } = await createToken(c.token);
    await control('POST', '/faults', { forge: c.forge, ...fault });
    const { result, events } = await inspect(token, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(CREDENTIAL_CODES).not.toContain(result.error.code);
    expect(result.error.code).toBe(code);
    expect(JSON.stringify(result)).not.toContain(token.reveal());
    if (code !== 'rate_limited') return;
    // Default maxRateLimitWaitMs 0: answered at once, no request repeated, with a plausible retry time.
    expect(events).toHaveLength(c.introspectionCalls);
    const retryAt = Date.parse(String(result.error.details?.retryAt));
    expect(retryAt).toBeGreaterThan(Date.now() - 5_000);
    expect(retryAt).toBeLessThan(Date.now() + 2 * 3_600_000);
  });

  it('recovers from one 502 by retrying', async () => {
    const { token } = await createToken(c.token);
    await control('POST', '/faults', { forge: c.forge, type: 'status', status: 502, count: 1 });
    const { result, events } = await inspect(token);
    expect(result.ok).toBe(true);
    // Concurrent requests (GitLab) answer in any order: look for the 502 and its retry.
    const failed = events.find((e) => e.status === 502);
    expect(failed).toMatchObject({ attempt: 1 });
    expect(events).toContainEqual(expect.objectContaining({ path: failed?.path, attempt: 2, status: 200 }));
  });

  it('recovers from one connection reset by retrying', async () => {
    const { token } = await createToken(c.token);
    await control('POST', '/faults', { forge: c.forge, type: 'reset', count: 1 });
    expect((await inspect(token)).result.ok).toBe(true);
  });

  it('tolerates latency within the timeout', async () => {
    const { token } = await createToken(c.token);
    await control('POST', '/faults', { forge: c.forge, type: 'latency', ms: 50 });
    expect((await inspect(token)).result.ok).toBe(true);
  });

  it('never puts the token in a RequestEvent', async () => {
    const { token } = await createToken(c.token);
    const { events } = await inspect(token);
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain(token.reveal());
    for (const e of events) expect(e.path).not.toContain('?');
  });
});
