import type { FkError } from '../../domain/errors/error.js';
import type { Result } from '../../domain/result.js';
import { TRANSIENT_CODES } from '../../domain/vault-status.js';
import { CliError, EXIT, type ExitCode } from '../run-command.js';

/**
 * The exit code a failed vault operation ends with: 2 for what the caller must say differently, 3
 * when the forge could not be asked (nothing is known about the token), 1 for every other refusal
 * (a dead token, a missing record, a conflict, a store or key problem).
 */
export function exitCodeOf(error: FkError): ExitCode {
  if (error.code === 'invalid_input' || error.code === 'email_required') return EXIT.usage;
  return TRANSIENT_CODES.has(error.code) ? EXIT.unverified : EXIT.unusable;
}

/** The value of a vault Result, or the catalogue error thrown for the one wrapper to print. */
export function orFail<T>(result: Result<T, FkError>): T {
  if (result.ok) return result.value;
  throw new CliError(result.error, exitCodeOf(result.error));
}
