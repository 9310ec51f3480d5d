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

/** Which repository operation failed: some statuses mean something particular to one of them. */
export type BitbucketOperation = 'inspect' | 'read' | 'createRepo' | 'commit' | 'pullRequest' | 'webhook';

export interface BitbucketErrorContext {
  kind?: TokenKind;
  operation?: BitbucketOperation;
}

/** The API-token scope pages live at id.atlassian.com; access tokens in the repository settings. */
const SCOPE_REMEDIATION = {
  api_token:
    'Create a new "API token with scopes" at https://id.atlassian.com/manage-profile/security/api-tokens with these Bitbucket scopes as well (they do not imply each other), and replace this one.',
  classic:
    'Create a new access token (repository, project or workspace settings → Access tokens) with these scopes, and replace this one.',
} as const;

/**
 * The one place a failed Bitbucket call becomes an `FkError` (forges.md §3.4, §3.5, §3.8). `kind`
 * sharpens the 401: an API token most often fails for a wrong email (§3.4), an app password because
 * app passwords are gone (§3.3). `operation` reads the statuses particular to one call: a 400 "Slug
 * and Owner already exists" on create, a 409 on `/src` (the first parent is not the branch head,
 * swagger `branch`), a 400 about an open pull request. The caller redacts the result.
 */
export function translateBitbucketError(outcome: HttpOutcome, context: BitbucketErrorContext = {}): FkError {
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
    if (/branch restriction|branch permission/i.test(info.message ?? '')) {
      return fkError('branch_protected', {
        message: `Bitbucket refused the commit: ${info.message ?? 'the branch has branch restrictions'}.`,
        details,
      });
    }
    const missingScope = isMissingScopeMessage(info.message);
    const missing = info.required.filter((scope) => !(info.granted ?? []).includes(scope));
    const named = missing.length > 0 ? missing : info.required;
    const classic = context.kind !== undefined && context.kind !== 'api_token';
    return fkError('insufficient_scope', {
      message: missingScope
        ? `Bitbucket refused: the token lacks a scope this call needs${named.length ? ` (${named.join(', ')})` : ''}.`
        : 'Bitbucket refused the request (403): the token lacks a scope or the account a permission this call needs.',
      ...(missingScope && named.length > 0
        ? {
            remediation: `Add ${named.join(', ')} to the token. ${classic ? SCOPE_REMEDIATION.classic : SCOPE_REMEDIATION.api_token}`,
          }
        : {}),
      details: {
        ...details,
        requiredScopes: info.required,
        grantedScopes: info.granted,
        missingScopes: named,
      },
    });
  }
  const particular = particularError(status, info.message, context.operation, details);
  if (particular) return particular;
  return genericStatusError('bitbucket', response, info.message);
}

/** Statuses whose meaning depends on the operation (forges.md §3.8, swagger). */
function particularError(
  status: number,
  message: string | undefined,
  operation: BitbucketOperation | undefined,
  details: Record<string, unknown>,
): FkError | null {
  const text = message ?? '';
  if (operation === 'createRepo' && status === 400 && /already exists/i.test(text)) {
    return fkError('repo_exists', { message: `Bitbucket: ${text}`, details });
  }
  if (operation === 'createRepo' && status === 400) {
    return fkError('repo_creation_failed', {
      message: `Bitbucket refused to create the repository: ${text}`,
      details,
    });
  }
  if (operation === 'commit' && status === 409) {
    return fkError('branch_moved', { details });
  }
  if (
    operation === 'pullRequest' &&
    status === 400 &&
    /already.*pull request|pull request.*already/i.test(text)
  ) {
    return fkError('pull_request_exists', { message: `Bitbucket: ${text}`, details });
  }
  return null;
}
