import { type FkError, fkError, isFkError } from '../../domain/errors/error.js';
import type { CheckOutcome } from './types.js';

/** What a throwing check becomes: the exception text is dropped, it could carry a token. */
export const CHECK_FAILED: FkError = fkError('forge_unreachable', {
  message: 'The check failed unexpectedly; nothing is known about the token.',
  details: { reason: 'check_failed' },
});

/** Guards against a check that returns something that is not an outcome (JavaScript callers, bugs). */
export function normalizeOutcome<R>(value: CheckOutcome<R>): CheckOutcome<R> {
  if (typeof value !== 'object' || value === null) return { kind: 'transient', error: CHECK_FAILED };
  if (value.kind === 'done') return value;
  if (value.kind === 'transient')
    return isFkError(value.error) ? value : { kind: 'transient', error: CHECK_FAILED };
  if (value.kind === 'rate_limited') {
    const retryAt =
      value.retryAt instanceof Date && !Number.isNaN(value.retryAt.getTime()) ? value.retryAt : null;
    return {
      kind: 'rate_limited',
      error: isFkError(value.error) ? value.error : fkError('rate_limited'),
      retryAt,
    };
  }
  return { kind: 'transient', error: CHECK_FAILED };
}
