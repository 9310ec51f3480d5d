import { z } from 'zod';
import { ERROR_CODES } from '../../domain/errors/catalogue.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { scrubDeep, scrubTokenText } from '../logging/scrub.js';

/** An error as the server answers it: always a catalogue error (unexpected failures: `internal_error`). */
export type ServerError = FkError;

/**
 * The one error body of every response that is not a success (DESIGN "Errors are data"), also
 * published as the `Error` schema of the OpenAPI document.
 */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).describe('A stable code from docs/errors.md.'),
      message: z.string().describe('What went wrong, in plain words. Never contains token text.'),
      remediation: z.string().describe('What to do about it.'),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('Structured extras, e.g. the fields at fault.'),
    }),
    requestId: z.string().describe('The id of this request (X-Request-Id), for the logs.'),
  })
  .meta({ id: 'Error', description: 'The error body of every failed request.' });

export type ErrorBody = z.infer<typeof errorBodySchema>;

export function internalError(): ServerError {
  return fkError('internal_error');
}

/**
 * The body for `error`. Message, remediation and details are scrubbed once more for token-shaped
 * text: errors are built never to carry a token, and this is the belt to those braces.
 */
export function errorBody(error: FkError, requestId: string): ErrorBody {
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: scrubTokenText(error.message),
      remediation: scrubTokenText(error.remediation),
    },
    requestId,
  };
  if (error.details !== undefined) body.error.details = scrubDeep(error.details) as Record<string, unknown>;
  return body;
}
