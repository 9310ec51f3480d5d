import type { z } from 'zod';
import type { FkError } from '../../domain/errors/error.js';
import type { ForgeId } from '../../domain/forge.js';
import { err, ok, type Result } from '../../domain/result.js';
import { foreignBodyError, unexpectedShapeError } from './common-errors.js';
import type { HttpResponse } from './types.js';

/**
 * Validates a successful response body against a zod schema. Not JSON → `forge_unreachable` (an
 * HTML page is not the forge's API); JSON of the wrong shape → `forge_unreachable` naming the first
 * issue's path (never the value, which could be anything the server echoed).
 */
export function parseResponse<S extends z.ZodType>(
  forge: ForgeId,
  response: HttpResponse,
  schema: S,
): Result<z.output<S>, FkError> {
  if (response.json === undefined) return err(foreignBodyError(forge, response));
  const parsed = schema.safeParse(response.json);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return err(unexpectedShapeError(forge, response, `${where}: ${issue?.code ?? 'invalid'}`));
}
