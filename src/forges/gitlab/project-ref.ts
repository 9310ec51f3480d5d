import type { z } from 'zod';
import type { FkError } from '../../domain/errors/error.js';
import { err, type Result } from '../../domain/result.js';
import { parseResponse } from '../http/parse-response.js';
import type { HttpOutcome } from '../http/types.js';
import type { RepoRef } from '../repo-types.js';
import { translateGitLabError } from './translate-error.js';

/** `:id` as a URL-encoded full path (forges.md §2.8): `group/sub/project` → `group%2Fsub%2Fproject`. */
export function projectId(repo: RepoRef): string {
  return encodeURIComponent(`${repo.owner}/${repo.name}`);
}

/** A successful answer with `status`, parsed with `schema`; anything else through the one translation. */
export function expectStatus<S extends z.ZodType>(
  outcome: HttpOutcome,
  status: number,
  schema: S,
): Result<z.output<S>, FkError> {
  if (outcome.type !== 'response' || outcome.response.status !== status)
    return err(translateGitLabError(outcome));
  return parseResponse('gitlab', outcome.response, schema);
}
