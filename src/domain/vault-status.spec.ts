import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fkError } from './errors/error.js';
import { type StoredStatus, statusAfterCheck, statusAt, VAULT_STATUSES } from './vault-status.js';

const NOW = new Date('2030-06-01T00:00:00Z');
const inDays = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();
const verdict = (overrides: Partial<Parameters<typeof statusAfterCheck>[0]>) =>
  statusAfterCheck({ error: null, expiresAt: null, missing: [], previous: null, now: NOW, ...overrides });

describe('statusAfterCheck', () => {
  it('answers active, expiring, insufficient_scope for a token the forge accepted', () => {
    expect(verdict({})).toEqual({ status: 'active', code: null });
    expect(verdict({ expiresAt: inDays(30) })).toEqual({ status: 'active', code: null });
    expect(verdict({ expiresAt: inDays(10) })).toEqual({ status: 'expiring', code: null });
    expect(verdict({ expiresAt: inDays(10), warnDays: 7 })).toEqual({ status: 'active', code: null });
    expect(verdict({ missing: ['push'] })).toEqual({
      status: 'insufficient_scope',
      code: 'insufficient_scope',
    });
  });

  it('maps the forge’s refusals', () => {
    expect(verdict({ error: fkError('bad_credentials') })).toEqual({
      status: 'invalid',
      code: 'bad_credentials',
    });
    expect(verdict({ error: fkError('token_revoked') })).toEqual({
      status: 'invalid',
      code: 'token_revoked',
    });
    expect(verdict({ error: fkError('token_expired') })).toEqual({
      status: 'expired',
      code: 'token_expired',
    });
    expect(verdict({ error: fkError('sso_required') })).toEqual({ status: 'suspect', code: 'sso_required' });
    expect(verdict({ error: fkError('token_undecryptable') })).toEqual({
      status: 'undecryptable',
      code: 'token_undecryptable',
    });
  });

  it('calls Bad credentials after the stored expiry expired (GitHub cannot tell)', () => {
    expect(verdict({ error: fkError('bad_credentials'), expiresAt: inDays(-1) })).toEqual({
      status: 'expired',
      code: 'token_expired',
    });
  });

  it('never makes a token invalid when the forge could not be asked, and keeps invalid / expired', () => {
    const transient = fc.constantFrom(fkError('forge_unreachable'), fkError('rate_limited'));
    const previous = fc.record({
      status: fc.constantFrom(...VAULT_STATUSES),
      code: fc.constantFrom(null, 'bad_credentials' as const, 'token_expired' as const),
    });
    fc.assert(
      fc.property(transient, fc.option(previous, { nil: null }), (error, before: StoredStatus | null) => {
        const after = verdict({ error, previous: before, expiresAt: inDays(90) });
        if (before?.status === 'invalid' || before?.status === 'expired') expect(after).toEqual(before);
        else expect(after).toEqual({ status: 'stale', code: error.code });
      }),
    );
    expect(
      verdict({
        error: fkError('forge_unreachable'),
        previous: { status: 'invalid', code: 'token_revoked' },
      }),
    ).toEqual({
      status: 'invalid',
      code: 'token_revoked',
    });
  });
});

describe('statusAt', () => {
  const stored = (status: string, expiresAt: string | null, statusCode = null) => ({
    status,
    statusCode,
    expiresAt,
  });

  it('counts down: active inside the window reads as expiring, with the days left', () => {
    expect(statusAt(stored('active', inDays(20)), NOW)).toEqual({
      status: 'active',
      code: null,
      daysLeft: 20,
    });
    expect(statusAt(stored('active', inDays(13.5)), NOW)).toEqual({
      status: 'expiring',
      code: null,
      daysLeft: 13,
    });
    expect(statusAt(stored('expiring', inDays(40)), NOW).status).toBe('active');
    expect(statusAt(stored('active', null), NOW)).toEqual({ status: 'active', code: null, daysLeft: null });
  });

  it('reads an expiry that has passed as expired, whatever was stored but a dead verdict', () => {
    for (const status of ['active', 'expiring', 'stale', 'suspect', 'insufficient_scope']) {
      expect(statusAt(stored(status, inDays(-2)), NOW)).toMatchObject({
        status: 'expired',
        code: 'token_expired',
      });
    }
    expect(
      statusAt({ status: 'invalid', statusCode: 'token_revoked', expiresAt: inDays(-2) }, NOW).status,
    ).toBe('invalid');
  });

  it('keeps stale and its code, and reads an unknown stored status as suspect', () => {
    expect(statusAt({ status: 'stale', statusCode: 'rate_limited', expiresAt: inDays(5) }, NOW)).toEqual({
      status: 'stale',
      code: 'rate_limited',
      daysLeft: 5,
    });
    expect(statusAt(stored('mystery', null), NOW).status).toBe('suspect');
  });
});
