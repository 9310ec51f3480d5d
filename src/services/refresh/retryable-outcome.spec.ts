import { describe, expect, it } from 'vitest';
import { fkError } from '../../domain/errors/error.js';
import { retryableOutcome } from './retryable-outcome.js';

describe('retryableOutcome', () => {
  it('pauses on a rate limit until the retryAt the adapter put in the details', () => {
    const error = fkError('rate_limited', {
      details: { forge: 'github', retryAt: '2026-05-01T12:10:00.000Z' },
    });
    expect(retryableOutcome(error)).toEqual({
      kind: 'rate_limited',
      error,
      retryAt: new Date('2026-05-01T12:10:00.000Z'),
    });
    expect(retryableOutcome(fkError('rate_limited'))).toMatchObject({ kind: 'rate_limited', retryAt: null });
    expect(retryableOutcome(fkError('rate_limited', { details: { retryAt: 'soon' } }))).toMatchObject({
      retryAt: null,
    });
  });

  it('retries what says nothing about the token', () => {
    expect(retryableOutcome(fkError('forge_unreachable'))?.kind).toBe('transient');
    expect(retryableOutcome(fkError('store_busy'))?.kind).toBe('transient');
  });

  it('leaves verdicts on the token to the caller', () => {
    for (const code of [
      'bad_credentials',
      'token_expired',
      'token_revoked',
      'insufficient_scope',
      'sso_required',
    ] as const) {
      expect(retryableOutcome(fkError(code)), code).toBeNull();
    }
  });
});
