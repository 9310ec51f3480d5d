import type { FkError } from '../../domain/errors/error.js';
import type { Result } from '../../domain/result.js';

/**
 * A catalogue error thrown by a route: the error handler answers it with its code's HTTP status and
 * the one error body. An Error subclass, so a stack trace points at the route when it is logged.
 */
export class ApiError extends Error {
  constructor(
    readonly error: FkError,
    /** Overrides the catalogue's HTTP status (rare: 413 and 415 carry `invalid_input`). */
    readonly status?: number,
  ) {
    super(error.message);
    this.name = 'ApiError';
  }
}

/** The value of a service Result, or an ApiError thrown for the error handler: routes stay thin. */
export function orThrow<T>(result: Result<T, FkError>): T {
  if (result.ok) return result.value;
  throw new ApiError(result.error);
}
