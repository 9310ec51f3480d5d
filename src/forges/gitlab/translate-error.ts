import { type FkError, fkError } from '../../domain/errors/error.js';
import { snippetOf } from '../http/body.js';
import {
  foreignBodyError,
  genericStatusError,
  isForeignBody,
  networkError,
  rateLimitedError,
  withForgeMessage,
} from '../http/common-errors.js';
import type { HttpOutcome } from '../http/types.js';
import { parseRequiredScopes } from './fields.js';
import { gitLabErrorOf, gitLabMessageOf } from './schemas.js';

/**
 * The one place a failed GitLab call becomes an `FkError` (forges.md §2.4). GitLab, unlike GitHub,
 * tells expired from revoked in the 401 `error_description`. The caller redacts the result.
 */
export function translateGitLabError(outcome: HttpOutcome): FkError {
  if (outcome.type === 'network') return networkError('gitlab', outcome.failure);
  const { response } = outcome;
  if (outcome.type === 'rate_limited') {
    // The 429 body is plain text (`Retry later`, admin-configurable, §2.7): keep it only as a hint.
    const body = gitLabErrorOf(response.json);
    const forgeMessage =
      gitLabMessageOf(body) ?? (response.text.trim() ? snippetOf(response.text) : undefined);
    return rateLimitedError('gitlab', response, outcome.retryAt, { forgeMessage });
  }
  if (isForeignBody(response)) return foreignBodyError('gitlab', response);

  const body = gitLabErrorOf(response.json);
  const forgeMessage = gitLabMessageOf(body);
  const { status } = response;
  const details = withForgeMessage({ forge: 'gitlab', status }, forgeMessage);

  if (status === 401) {
    const description = body?.error_description ?? '';
    if (/expired/i.test(description)) {
      return fkError('token_expired', { message: 'GitLab says the token has expired.', details });
    }
    if (/revoked/i.test(description)) {
      return fkError('token_revoked', { message: 'GitLab says the token was revoked.', details });
    }
    return fkError('bad_credentials', {
      message:
        'GitLab does not accept the token (401): it is not one this GitLab knows (mistyped, deleted, or from another GitLab instance).',
      // GitLab names expiry and revocation itself (above), so the catalogue's "the forge does not say which" does not fit.
      remediation:
        'Check that the whole token was pasted and that the API URL is the GitLab instance that issued it; otherwise create a new token and replace this one.',
      details,
    });
  }
  if (status === 403) {
    if (body?.error === 'insufficient_scope') {
      const requiredScopes = parseRequiredScopes(body.scope);
      return fkError('insufficient_scope', {
        message:
          requiredScopes.length > 0
            ? `GitLab refused: the token lacks a scope this call needs (${requiredScopes.join(' or ')}).`
            : 'GitLab refused: the token lacks a scope this call needs.',
        details: { ...details, requiredScopes },
      });
    }
    return fkError('insufficient_scope', {
      message: `GitLab refused the request (403${forgeMessage ? `: ${forgeMessage}` : ''}): the token's user lacks the role, or the token a scope, this call needs.`,
      details: { ...details, requiredScopes: [] },
    });
  }
  return genericStatusError('gitlab', response, forgeMessage);
}
