import { type FkError, fkError } from '../../domain/errors/error.js';
import {
  foreignBodyError,
  genericStatusError,
  isForeignBody,
  networkError,
  rateLimitedError,
  withForgeMessage,
} from '../http/common-errors.js';
import type { HttpOutcome } from '../http/types.js';
import { parseAcceptedPermissions, parseOAuthScopes, parseSsoRequired } from './headers.js';
import { gitHubThrottleOf } from './rate-limit.js';
import { gitHubMessageOf } from './schemas.js';

/**
 * The one place a failed GitHub call becomes an `FkError` (forges.md §1.4). The caller redacts the
 * result (`redactError`) before it leaves the adapter.
 */
export function translateGitHubError(outcome: HttpOutcome): FkError {
  if (outcome.type === 'network') return networkError('github', outcome.failure);
  const { response } = outcome;
  const forgeMessage = gitHubMessageOf(response.json);

  if (outcome.type === 'rate_limited') {
    if (gitHubThrottleOf(response) === 'failed_login') {
      return rateLimitedError('github', response, outcome.retryAt, {
        reason: 'failed_login_limit',
        forgeMessage,
        message: `GitHub is refusing every sign-in of this account for a while after repeated bad credentials (until about ${outcome.retryAt}); nothing is known about this token.`,
      });
    }
    return rateLimitedError('github', response, outcome.retryAt, { forgeMessage });
  }
  if (isForeignBody(response)) return foreignBodyError('github', response);

  const { status, headers } = response;
  if (status === 401) {
    // GitHub answers the same 401 for wrong, expired and revoked tokens (§1.4): do not pretend to
    // know which. A stored expiry date lets the vault say `token_expired` later.
    return fkError('bad_credentials', {
      message:
        'GitHub rejected the token (401 Bad credentials). GitHub gives the same answer for a wrong, an expired and a revoked token, so it cannot say which.',
      details: withForgeMessage({ forge: 'github', status }, forgeMessage),
    });
  }
  if (status === 403) {
    const sso = parseSsoRequired(headers.get('x-github-sso'));
    if (sso) {
      return fkError('sso_required', {
        details: withForgeMessage({ forge: 'github', status, authorizeUrl: sso.authorizeUrl }, forgeMessage),
      });
    }
    const acceptedPermissions = parseAcceptedPermissions(headers.get('x-accepted-github-permissions'));
    const acceptedScopes = parseOAuthScopes(headers.get('x-accepted-oauth-scopes'));
    const notAccessible = /resource not accessible by/i.test(forgeMessage ?? '');
    return fkError('insufficient_scope', {
      message: notAccessible
        ? `GitHub refused: ${forgeMessage}. The token lacks a permission this call needs.`
        : 'GitHub refused the request (403): the token lacks a scope or permission, or an organization policy forbids this token.',
      details: withForgeMessage(
        {
          forge: 'github',
          status,
          acceptedPermissions,
          acceptedScopes: acceptedScopes ?? [],
          grantedScopes: parseOAuthScopes(headers.get('x-oauth-scopes')),
        },
        forgeMessage,
      ),
    });
  }
  return genericStatusError('github', response, forgeMessage);
}
