import { describe, expect, it } from 'vitest';
import type { Secret } from '../domain/secret.js';
import { createGitHubAdapter } from './github/adapter.js';
import { ACTIVE_TOKEN, useForgeSandbox } from './sandbox-fixture.js';
import type { RequestEvent } from './types.js';

/*
 * revoke and rotate against the sandbox forges (a sibling of contract.spec.ts): what the adapters
 * claim must be what the forge then does — a revoked token no longer inspects, a rotated one is
 * replaced, and reuse detection bites (forges.md §1.6, §2.6, §3.6). No token text, old or new, in
 * any result, error, event or the sandbox's request log.
 */

const { urls, control, createToken, adapterFor } = useForgeSandbox();

async function expectNoTokenText(tokens: readonly Secret[], ...seen: unknown[]) {
  const log = await control('GET', '/requests');
  const text = JSON.stringify([...seen, log]);
  for (const token of tokens) expect(text).not.toContain(token.reveal());
}

const posts = (events: RequestEvent[]) => events.filter((e) => e.method === 'POST');

describe('GitHub revoke through the credential-revocation API (forges.md §1.6)', () => {
  it('submits the token; the sandbox revokes it, so the next inspect is bad_credentials', async () => {
    const { token, id } = await createToken(ACTIVE_TOKEN.github);
    const { adapter, events } = adapterFor('github');
    const revoked = await adapter.revoke?.(token, 'classic');
    expect(revoked).toEqual({ ok: true, value: 'submitted' });
    expect(await control('GET', `/tokens/${id}`)).toMatchObject({ state: 'revoked' });
    const inspected = await adapter.inspect(token, 'classic');
    expect(inspected).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    // The sandbox's API URL is GHES-shaped, so the adapter asks authenticated first; the sandbox
    // behaves like github.com by default (403), and the adapter tries once more without the token.
    expect(posts(events).map((e) => e.status)).toEqual([403, 202]);
    await expectNoTokenText([token], revoked, inspected, events);
  });

  it('pinned unauthenticated: one request, no Authorization header at the forge', async () => {
    const { token } = await createToken(ACTIVE_TOKEN.github);
    const events: RequestEvent[] = [];
    const adapter = createGitHubAdapter({
      apiUrl: urls().github.api,
      credentialRevocationAuth: 'unauthenticated',
      onRequest: (e) => events.push(e),
    });
    expect(await adapter.revoke?.(token, 'classic')).toEqual({ ok: true, value: 'submitted' });
    expect(events).toHaveLength(1);
    const log = await control('GET', '/requests?forge=github');
    expect(log.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/credentials/revoke',
        status: 202,
        authorization: null,
      }),
    ]);
  });

  it('a GHES that wants it authenticated (credentialRevocationAuth knob): one authenticated request', async () => {
    await control('POST', '/config', { github: { credentialRevocationAuth: 'authenticated' } });
    const { token, id } = await createToken(ACTIVE_TOKEN.github);
    const { adapter, events } = adapterFor('github');
    expect(await adapter.revoke?.(token, 'fine-grained')).toEqual({ ok: true, value: 'submitted' });
    expect(posts(events).map((e) => e.status)).toEqual([202]);
    expect(await control('GET', `/tokens/${id}`)).toMatchObject({ state: 'revoked' });
  });

  it('an unknown token is "submitted" too: GitHub never says which tokens were valid', async () => {
    const { token } = await createToken(ACTIVE_TOKEN.github);
    await control('POST', '/reset');
    const pinned = createGitHubAdapter({
      apiUrl: urls().github.api,
      credentialRevocationAuth: 'unauthenticated',
    });
    expect(await pinned.revoke?.(token, 'classic')).toEqual({ ok: true, value: 'submitted' });
  });

  it('the 60/h per-IP budget runs out: rate_limited, the token untouched', async () => {
    await control('POST', '/config', { github: { unauthenticatedRateLimitPerHour: 1 } });
    const { token, id } = await createToken(ACTIVE_TOKEN.github);
    const pinned = createGitHubAdapter({
      apiUrl: urls().github.api,
      credentialRevocationAuth: 'unauthenticated',
    });
    const other = await createToken(ACTIVE_TOKEN.github);
    expect(await pinned.revoke?.(other.token, 'classic')).toMatchObject({ ok: true });
    const limited = await pinned.revoke?.(token, 'classic');
    expect(limited).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', details: { retryAt: expect.any(String) } },
    });
    expect(await control('GET', `/tokens/${id}`)).toMatchObject({ state: 'active' });
    await expectNoTokenText([token, other.token], limited);
  });
});

describe('GitLab revoke and rotate (forges.md §2.6)', () => {
  it('revoke → revoked; the next inspect is token_revoked; revoking again is still revoked', async () => {
    const { token } = await createToken(ACTIVE_TOKEN.gitlab);
    const { adapter, events } = adapterFor('gitlab');
    const revoked = await adapter.revoke?.(token, 'personal');
    expect(revoked).toEqual({ ok: true, value: 'revoked' });
    const inspected = await adapter.inspect(token, 'personal');
    expect(inspected).toMatchObject({ ok: false, error: { code: 'token_revoked' } });
    expect(await adapter.revoke?.(token, 'personal')).toEqual({ ok: true, value: 'revoked' });
    await expectNoTokenText([token], revoked, inspected, events);
  });

  it('rotate → a new token that inspects active with the same scopes; the old one is token_revoked', async () => {
    await control('POST', '/clock', { set: '2026-05-01T10:00:00Z' });
    const { token: old } = await createToken(ACTIVE_TOKEN.gitlab);
    const { adapter, events } = adapterFor('gitlab');
    const rotated = await adapter.rotate?.(old, 'personal', { expiresAt: '2026-12-31' });
    if (!rotated?.ok) throw new Error(`rotation failed: ${JSON.stringify(rotated)}`);
    const fresh = rotated.value.token;
    expect(fresh.equals(old)).toBe(false);
    expect(rotated.value.expiresAt).toBe('2026-12-31T00:00:00.000Z');
    const inspectedNew = await adapter.inspect(fresh, 'personal');
    expect(inspectedNew).toMatchObject({
      ok: true,
      value: { scopes: ['api'], expiresAt: '2026-12-31T00:00:00.000Z', account: { login: 'octo' } },
    });
    const inspectedOld = await adapter.inspect(old, 'personal');
    expect(inspectedOld).toMatchObject({ ok: false, error: { code: 'token_revoked' } });
    await expectNoTokenText([old, fresh], rotated, inspectedNew, inspectedOld, events);
  });

  it('rotating an already rotated token: token_revoked, and the whole family is revoked', async () => {
    const { token: first } = await createToken(ACTIVE_TOKEN.gitlab);
    const { adapter, events } = adapterFor('gitlab');
    const second = await adapter.rotate?.(first, 'personal');
    if (!second?.ok) throw new Error('first rotation failed');
    const reuse = await adapter.rotate?.(first, 'personal');
    expect(reuse).toMatchObject({
      ok: false,
      error: { code: 'token_revoked', details: { reuseDetection: true } },
    });
    expect(await adapter.inspect(second.value.token, 'personal')).toMatchObject({
      ok: false,
      error: { code: 'token_revoked' },
    });
    await expectNoTokenText([first, second.value.token], second, reuse, events);
  });

  it('rotate without api or self_rotate: insufficient_scope, the token still works', async () => {
    const { token } = await createToken({ ...ACTIVE_TOKEN.gitlab, scopes: ['read_api'] });
    const { adapter } = adapterFor('gitlab');
    expect(await adapter.rotate?.(token, 'personal')).toMatchObject({
      ok: false,
      error: { code: 'insufficient_scope', details: { requiredScopes: ['api', 'self_rotate'] } },
    });
    expect((await adapter.inspect(token, 'personal')).ok).toBe(true);
  });

  it('rotate with self_rotate only works', async () => {
    const { token } = await createToken({ ...ACTIVE_TOKEN.gitlab, scopes: ['self_rotate'] });
    expect(await adapterFor('gitlab').adapter.rotate?.(token, 'personal')).toMatchObject({ ok: true });
  });

  it('a 502 on rotate is sent once and reported as "may have rotated"', async () => {
    const { token } = await createToken(ACTIVE_TOKEN.gitlab);
    await control('POST', '/faults', {
      forge: 'gitlab',
      path: '/personal_access_tokens/self/rotate',
      type: 'status',
      status: 502,
    });
    const { adapter, events } = adapterFor('gitlab');
    expect(await adapter.rotate?.(token, 'personal')).toMatchObject({
      ok: false,
      error: { code: 'forge_unreachable', details: { rotation: 'unknown' } },
    });
    expect(events).toHaveLength(1);
  });
});

describe('Bitbucket (forges.md §3.6)', () => {
  it('has neither revoke nor rotate: no API for either', () => {
    const { adapter } = adapterFor('bitbucket');
    expect(adapter.revoke).toBeUndefined();
    expect(adapter.rotate).toBeUndefined();
  });
});
