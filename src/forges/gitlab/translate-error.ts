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
import { type GitLabErrorBody, gitLabErrorOf, gitLabMessageOf } from './schemas.js';

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
        // GitLab cannot add a scope to an existing token (§2.5): a new token is the way.
        remediation:
          requiredScopes.length > 0
            ? `Create a GitLab token with the ${requiredScopes[0]} scope (User settings → Access tokens; scopes cannot be added to an existing token) and replace this one.`
            : undefined,
        details: { ...details, requiredScopes },
      });
    }
    if (typeof forgeMessage === 'string' && PROTECTED_BRANCH.test(forgeMessage)) {
      return fkError('branch_protected', {
        message: `GitLab refused to change a protected branch: ${forgeMessage}`,
        details,
      });
    }
    return fkError('insufficient_scope', {
      message: `GitLab refused the request (403${forgeMessage ? `: ${forgeMessage}` : ''}): the token's user lacks the role, or the token a scope, this call needs.`,
      details: { ...details, requiredScopes: [] },
    });
  }
  const repoError = repositoryError(status, body, forgeMessage, details);
  if (repoError) return repoError;
  return genericStatusError('gitlab', response, forgeMessage);
}

/** GitLab's protected-branch texts: the commits API's and git's (forges.md §2.4, §2.8). */
const PROTECTED_BRANCH = /not allowed to push (into this branch|code to protected branches)/i;

/**
 * The repository operations' failures (forges.md §2.4, §2.8): a taken project name, the commits
 * API's per-file refusals (nothing is written), a branch that moved under the commit, an open merge
 * request for the same branches.
 */
function repositoryError(
  status: number,
  body: GitLabErrorBody | undefined,
  forgeMessage: string | undefined,
  details: Record<string, unknown>,
): FkError | null {
  const message = body?.message;
  // 400 with a validation body is what GitLab sends; forges.md §2.4 also lists 409 for a taken name.
  if ((status === 400 || status === 409) && isTakenValidation(message)) {
    return fkError('repo_exists', {
      message: 'GitLab already has a project with this name or path in that namespace.',
      details,
    });
  }
  const text = typeof forgeMessage === 'string' ? forgeMessage : '';
  if (
    status === 400 &&
    /changed since you started editing it|Could not update refs\/heads|already exists\. Switch to that branch/i.test(
      text,
    )
  ) {
    return fkError('branch_moved', { details });
  }
  if (status === 400 && /A file with this name (already exists|doesn't exist)/i.test(text)) {
    return fkError('invalid_input', {
      message: `GitLab refused the commit: ${text}. Nothing was written.`,
      details,
    });
  }
  if (status === 409 && /Another open merge request already exists/i.test(text)) {
    const existing = /!(\d+)/.exec(text)?.[1];
    return fkError('pull_request_exists', {
      message: `GitLab already has an open merge request for these branches${existing ? ` (!${existing})` : ''}.`,
      details: existing ? { ...details, number: Number(existing) } : details,
    });
  }
  return null;
}

/** `{"message": {"name": ["has already been taken"], "path": [...]}}` (forges.md §2.4 validation). */
function isTakenValidation(message: unknown): boolean {
  if (!message || typeof message !== 'object' || Array.isArray(message)) return false;
  return Object.entries(message).some(
    ([field, errors]) =>
      (field === 'name' || field === 'path') &&
      Array.isArray(errors) &&
      errors.some((error) => typeof error === 'string' && /has already been taken/.test(error)),
  );
}
