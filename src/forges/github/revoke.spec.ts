import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../domain/errors/catalogue.js';
import { Secret } from '../../domain/secret.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { instant, type ScriptedReply, scriptedSend } from '../http/testing/scripted-send.js';
import { createGitHubAdapter, type GitHubAdapterConfig } from './adapter.js';
import type { CredentialRevocationAuth } from './revoke.js';

const DOTCOM = 'https://api.github.com';
const GHES = 'https://ghe.example.com/api/v3';
const TOKEN = new Secret('ghp_unitTestTokenUnitTestTokenUnitTest01');
const LIMITED = {
  status: 403,
  headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2000000000' },
  body: { message: 'API rate limit exceeded for 10.0.0.1.' },
};

function revokeWith(
  replies: ScriptedReply[],
  apiUrl = DOTCOM,
  kind: TokenKind = 'classic',
  config: Partial<GitHubAdapterConfig> = {},
) {
  const scripted = scriptedSend(replies);
  const adapter = createGitHubAdapter({ apiUrl, ...instant, send: scripted.send, ...config });
  return { result: adapter.revoke?.(TOKEN, kind), calls: scripted.calls };
}

describe('GitHub adapter revoke (credential-revocation API, forges.md §1.6)', () => {
  it('on github.com: POST /credentials/revoke WITHOUT Authorization, the token only in the body', async () => {
    const { result, calls } = revokeWith([{ status: 202, body: {} }]);
    expect(await result).toEqual({ ok: true, value: 'submitted' });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe(`${DOTCOM}/credentials/revoke`);
    expect(call?.url).not.toContain(TOKEN.reveal());
    expect(call?.headers.has('authorization')).toBe(false);
    expect(call?.headers.get('content-type')).toBe('application/json');
    expect(call?.headers.get('user-agent')).toBe('forgekeeper');
    expect(call?.headers.get('x-github-api-version')).toBe('2022-11-28');
    expect(JSON.parse(call?.body ?? '')).toEqual({ credentials: [TOKEN.reveal()] });
  });

  it('on GHES: authenticated (the 3.19 docs), with the token as Bearer', async () => {
    const { result, calls } = revokeWith([{ status: 202, body: '' }], GHES);
    expect(await result).toEqual({ ok: true, value: 'submitted' });
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN.reveal()}`);
  });

  it.each<[string, string, ScriptedReply, CredentialRevocationAuth]>([
    [
      'GHES answering 403 to a token',
      GHES,
      { status: 403, body: { message: 'Forbidden' } },
      'unauthenticated',
    ],
    [
      'github.com answering 401 without one',
      DOTCOM,
      { status: 401, body: { message: 'Requires authentication' } },
      'authenticated',
    ],
  ])('%s: one more try the other way', async (_name, apiUrl, first, second) => {
    const { result, calls } = revokeWith([first, { status: 202, body: {} }], apiUrl);
    expect(await result).toEqual({ ok: true, value: 'submitted' });
    expect(calls).toHaveLength(2);
    expect(calls[1]?.headers.has('authorization')).toBe(second === 'authenticated');
  });

  it('a pinned mode does not fall back: unauthenticated 401 is not a credentials error', async () => {
    const { result, calls } = revokeWith(
      [{ status: 401, body: { message: 'Requires authentication' } }],
      GHES,
      'classic',
      {
        credentialRevocationAuth: 'unauthenticated',
      },
    );
    expect(await result).toMatchObject({
      ok: false,
      error: { code: 'forge_unreachable', message: expect.stringMatching(/authenticated/) },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.headers.has('authorization')).toBe(false);
  });

  it('an authenticated 401 is bad_credentials: the token does not work there', async () => {
    const { result, calls } = revokeWith([{ status: 401, body: { message: 'Bad credentials' } }], GHES);
    expect(await result).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(calls).toHaveLength(1);
  });

  it.each<[string, ScriptedReply[], ErrorCode, number]>([
    [
      '422 validation failed / spammed',
      [{ status: 422, body: { message: 'Validation Failed', errors: ['x'] } }],
      'invalid_input',
      1,
    ],
    ['a rate limit (403, remaining 0), never a fallback', [LIMITED], 'rate_limited', 1],
    ['a rate limit (429)', [{ status: 429, headers: { 'retry-after': '60' } }], 'rate_limited', 1],
    ['5xx, retried', [{ status: 500 }, { status: 502 }, { status: 503 }], 'forge_unreachable', 3],
    [
      'an HTML page with 200',
      [{ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' }],
      'forge_unreachable',
      1,
    ],
  ])('%s → %s', async (_name, replies, code, calls) => {
    const run = revokeWith(replies);
    expect(await run.result).toMatchObject({ ok: false, error: { code } });
    expect(run.calls).toHaveLength(calls);
  });

  it.each<TokenKind>(['fine-grained', 'oauth', 'app-user', 'app-refresh'])(
    'submits a %s token',
    async (kind) => {
      const { result } = revokeWith([{ status: 202, body: {} }], DOTCOM, kind);
      expect(await result).toEqual({ ok: true, value: 'submitted' });
    },
  );

  it.each<TokenKind>(['app-installation', 'legacy'])(
    'refuses a %s token without asking GitHub',
    async (kind) => {
      const { result, calls } = revokeWith([], DOTCOM, kind);
      expect(await result).toMatchObject({ ok: false, error: { code: 'unsupported_token' } });
      expect(calls).toHaveLength(0);
    },
  );

  it('has no rotate: GitHub cannot rotate a PAT through its API', () => {
    const adapter = createGitHubAdapter({ apiUrl: DOTCOM });
    expect(adapter.rotate).toBeUndefined();
    expect(typeof adapter.revoke).toBe('function');
  });
});
