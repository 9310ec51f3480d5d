import { describe, expect, it } from 'vitest';
import { fkError } from './errors/error.js';
import { daysUntil, tokenStatus } from './status.js';

const now = new Date('2026-11-22T12:00:00Z');
const base = { error: null, missing: [], expiresAt: null, now, verified: true };

describe('tokenStatus', () => {
  it('reports the error code when the check failed', () => {
    expect(tokenStatus({ ...base, error: fkError('rate_limited') })).toBe('rate_limited');
  });

  it('is unverified when only offline checks ran', () => {
    expect(tokenStatus({ ...base, verified: false })).toBe('unverified');
  });

  it('puts a missing capability before expiry', () => {
    expect(tokenStatus({ ...base, missing: ['push'], expiresAt: '2026-11-23T00:00:00Z' })).toBe(
      'insufficient_scope',
    );
  });

  it('is expiring inside the warning window and active outside it', () => {
    expect(tokenStatus({ ...base, expiresAt: '2026-12-06T11:00:00Z' })).toBe('expiring');
    expect(tokenStatus({ ...base, expiresAt: '2026-12-07T13:00:00Z' })).toBe('active');
    expect(tokenStatus({ ...base, expiresAt: '2026-12-07T13:00:00Z', warnDays: 30 })).toBe('expiring');
    expect(tokenStatus(base)).toBe('active');
  });

  it('counts whole days until expiry', () => {
    expect(daysUntil('2026-12-02T12:00:00Z', now)).toBe(10);
    expect(daysUntil('2026-11-21T12:00:00Z', now)).toBe(-1);
  });
});
