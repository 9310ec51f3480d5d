import { describe, expect, it } from 'vitest';
import { Secret } from '../../domain/secret.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { instant, type ScriptedReply, scriptedSend } from '../http/testing/scripted-send.js';
import { BITBUCKET_NOTES, createBitbucketAdapter } from './adapter.js';

const API = 'https://api.bitbucket.org/2.0';
const TOKEN = new Secret('ATATT3xUnitTestTokenUnitTestToken=0000ABCD');
const USER = {
  type: 'user',
  uuid: '{d301aafa-d676-4ee0-88be-962be7417567}',
  username: 'jdoe',
  nickname: 'JD',
  display_name: 'Jane Doe',
  account_id: '557058:abc',
};
const LACKS_SCOPE = {
  type: 'error',
  error: {
    message: 'Your credentials lack one or more required privilege scopes.',
    detail: {
      granted: ['read:repository:bitbucket', 'write:repository:bitbucket'],
      required: ['read:user:bitbucket'],
    },
  },
};

function inspectWith(replies: ScriptedReply[], kind: TokenKind, email?: string) {
  const scripted = scriptedSend(replies);
  const adapter = createBitbucketAdapter({ apiUrl: API, ...instant, send: scripted.send });
  return { result: adapter.inspect(TOKEN, kind, { email }), calls: scripted.calls };
}

describe('Bitbucket adapter inspect (forges.md §3.1, §3.4)', () => {
  it('an API token without email is email_required before any call', async () => {
    const { result, calls } = inspectWith([], 'api_token');
    expect(await result).toMatchObject({ ok: false, error: { code: 'email_required' } });
    expect(calls).toHaveLength(0);
  });

  it('an API token authenticates as Basic email:token and reads account, scopes, credential type', async () => {
    const { result, calls } = inspectWith(
      [
        {
          body: USER,
          headers: {
            'x-oauth-scopes': 'read:user:bitbucket, read:repository:bitbucket',
            'x-credential-type': 'api_token',
          },
        },
      ],
      'api_token',
      'jane@example.com',
    );
    expect(await result).toEqual({
      ok: true,
      value: {
        forge: 'bitbucket',
        kind: 'api_token',
        account: { id: USER.uuid, login: 'jdoe', name: 'Jane Doe' },
        scopes: ['read:user:bitbucket', 'read:repository:bitbucket'],
        expiresAt: null,
        lastUsedAt: null,
        rateLimit: null,
        extra: { credentialType: 'api_token' },
      },
    });
    const expected = `Basic ${Buffer.from(`jane@example.com:${TOKEN.reveal()}`).toString('base64')}`;
    expect(calls[0]?.headers.get('authorization')).toBe(expected);
    expect(calls[0]?.url).toBe(`${API}/user`);
  });

  it('falls back to the nickname when there is no username', async () => {
    const { result } = inspectWith(
      [{ body: { ...USER, username: undefined } }],
      'api_token',
      'jane@example.com',
    );
    expect(await result).toMatchObject({ ok: true, value: { account: { login: 'JD' } } });
  });

  it('an access token (Bearer) answered 403 with x-credential-type is valid: no account, its scopes', async () => {
    const { result, calls } = inspectWith(
      [
        {
          status: 403,
          body: { type: 'error', error: { message: 'Forbidden' } },
          headers: {
            'x-credential-type': 'repo_access_token',
            'x-oauth-scopes': 'repository, pullrequest:write',
          },
        },
      ],
      'access_token',
    );
    expect(await result).toMatchObject({
      ok: true,
      value: {
        account: null,
        scopes: ['repository', 'pullrequest:write'],
        extra: { credentialType: 'repo_access_token', note: BITBUCKET_NOTES.notAUser },
      },
    });
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN.reveal()}`);
  });

  it('an API token lacking read:user:bitbucket is valid: no account, scopes from the refusal', async () => {
    const { result } = inspectWith([{ status: 403, body: LACKS_SCOPE }], 'api_token', 'jane@example.com');
    expect(await result).toMatchObject({
      ok: true,
      value: {
        account: null,
        scopes: ['read:repository:bitbucket', 'write:repository:bitbucket'],
        extra: { note: BITBUCKET_NOTES.noReadUser },
      },
    });
  });

  it('a 403 without credential type or scope message stays an error', async () => {
    const { result } = inspectWith(
      [{ status: 403, body: { type: 'error', error: { message: 'Forbidden' } } }],
      'access_token',
    );
    expect(await result).toMatchObject({ ok: false, error: { code: 'insufficient_scope' } });
  });

  it('app passwords: no name → app_password_removed without a call; 401 → app_password_removed', async () => {
    const offline = inspectWith([], 'app_password');
    expect(await offline.result).toMatchObject({ ok: false, error: { code: 'app_password_removed' } });
    expect(offline.calls).toHaveLength(0);
    const online = inspectWith([{ status: 401 }], 'app_password', 'jdoe');
    expect(await online.result).toMatchObject({ ok: false, error: { code: 'app_password_removed' } });
    expect(online.calls).toHaveLength(1);
  });

  it('a kind of another forge is unsupported_token without a call', async () => {
    const { result, calls } = inspectWith([], 'classic');
    expect(await result).toMatchObject({ ok: false, error: { code: 'unsupported_token' } });
    expect(calls).toHaveLength(0);
  });
});
