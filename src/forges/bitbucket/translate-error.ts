import { type FkError, fkError } from '../../domain/errors/error.js';
import type { TokenKind } from '../../domain/token-kind.js';
import {
  foreignBodyError,
  genericStatusError,
  isForeignBody,
  networkError,
  rateLimitedError,
  withForgeMessage,
} from '../http/common-errors.js';
import type { HttpOutcome } from '../http/types.js';
import { bitbucketErrorOf, isMissingScopeMessage } from './schemas.js';

/**
 * The one place a failed Bitbucket call becomes an `FkError` (forges.md §3.4, §3.5). `kind` sharpens
 * the 401: an API token most often fails for a wrong email (§3.4), an app password because app
 * passwords are gone (§3.3). The caller redacts the result.
 */
export function translateBitbucketError(outcome: HttpOutcome, context: { kind?: TokenKind } = {}): FkError {
  if (outcome.type === 'network') return networkError('bitbucket', outcome.failure);
  const { response } = outcome;
  const info = bitbucketErrorOf(response.json);
  if (outcome.type === 'rate_limited') {
    return rateLimitedError('bitbucket', response, outcome.retryAt, { forgeMessage: info.message });
  }
  if (isForeignBody(response)) return foreignBodyError('bitbucket', response);

  const { status } = response;
  const details = withForgeMessage({ forge: 'bitbucket', status }, info.message);
  if (status === 401) {
    if (context.kind === 'app_password') return fkError('app_password_removed', { details });
    if (context.kind === 'api_token') {
      return fkError('bad_credentials', {
        message:
          'Bitbucket rejected the API token with this email (401): the token is wrong, expired or revoked, or the email is not the Atlassian account email (a Bitbucket username does not work here), or the token was created without Bitbucket scopes.',
        remediation:
          'Check that the email is the one you sign in to Atlassian with. If it is, create a new "API token with scopes" (Bitbucket scopes) at https://id.atlassian.com/manage-profile/security/api-tokens and replace this one.',
        details,
      });
    }
    return fkError('bad_credentials', {
      message:
        'Bitbucket rejected the token (401): it is wrong, expired or revoked; Bitbucket does not say which.',
      details,
    });
  }
  if (status === 403) {
    const missingScope = isMissingScopeMessage(info.message);
    return fkError('insufficient_scope', {
      message: missingScope
        ? `Bitbucket refused: the token lacks a scope this call needs${info.required.length ? ` (${info.required.join(', ')})` : ''}.`
        : 'Bitbucket refused the request (403): the token lacks a scope or the account a permission this call needs.',
      details: { ...details, requiredScopes: info.required, grantedScopes: info.granted },
    });
  }
  return genericStatusError('bitbucket', response, info.message);
}
