import { expandScopes } from '../../domain/capabilities/expand-scopes.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import {
  foreignBodyError,
  genericStatusError,
  isForeignBody,
  networkError,
  rateLimitedError,
  withForgeMessage,
} from '../http/common-errors.js';
import type { HttpOutcome, HttpResponse } from '../http/types.js';
import { parseAcceptedPermissions, parseOAuthScopes, parseSsoRequired } from './headers.js';
import { gitHubThrottleOf } from './rate-limit.js';
import { gitHubMessageOf, gitHubValidationMessages } from './schemas.js';

/**
 * The one place a failed GitHub call becomes an `FkError` (forges.md §1.4): token refusals, rate
 * limits, and the repository operations' answers (§1.8: taken names, empty repositories, moved and
 * protected branches, duplicate pull requests, the workflow rule). The caller redacts the result
 * (`redactError`) before it leaves the adapter.
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
  const refusal = refusalDetails(response, forgeMessage);
  // The workflow rule answers with its own text, as a 404 from the tree API or a 403/422 elsewhere
  // (forges.md §1.4, §1.5).
  if (WORKFLOW_REFUSAL.test(forgeMessage ?? '')) {
    return fkError('workflow_scope_required', { details: refusal });
  }
  if (status === 403) {
    const sso = parseSsoRequired(headers.get('x-github-sso'));
    if (sso) {
      return fkError('sso_required', {
        details: withForgeMessage({ forge: 'github', status, authorizeUrl: sso.authorizeUrl }, forgeMessage),
      });
    }
    if (/protected branch/i.test(forgeMessage ?? ''))
      return fkError('branch_protected', { details: refusal });
    if (/resource not accessible by (personal access token|integration)/i.test(forgeMessage ?? '')) {
      const needsWorkflows = refusal.acceptedPermissions.some((set) => 'workflows' in set);
      return fkError(needsWorkflows ? 'workflow_scope_required' : 'resource_not_accessible', {
        message: `GitHub refused: ${forgeMessage}. The token lacks a permission this call needs, or cannot reach this repository.`,
        details: refusal,
      });
    }
    return fkError('insufficient_scope', {
      message:
        'GitHub refused the request (403): the token lacks a scope or permission, or an organization policy forbids this token.',
      details: refusal,
    });
  }
  const repoError = translateRepoStatus(response, forgeMessage, refusal);
  return repoError ?? genericStatusError('github', response, forgeMessage);
}

const WORKFLOW_REFUSAL = /refusing to allow .* to create or update workflow/i;

type Refusal = Record<string, unknown> & { acceptedPermissions: Record<string, string>[] };

/** What GitHub says about scopes and permissions on a refusal (forges.md §1.3). */
function refusalDetails(response: HttpResponse, forgeMessage: string | undefined): Refusal {
  const { headers, status } = response;
  const details = withForgeMessage(
    {
      forge: 'github',
      status,
      acceptedPermissions: parseAcceptedPermissions(headers.get('x-accepted-github-permissions')),
      acceptedScopes: parseOAuthScopes(headers.get('x-accepted-oauth-scopes')) ?? [],
      grantedScopes: parseOAuthScopes(headers.get('x-oauth-scopes')),
    },
    forgeMessage,
  );
  return {
    ...details,
    acceptedPermissions: parseAcceptedPermissions(headers.get('x-accepted-github-permissions')),
  };
}

/**
 * The repository operations' own answers (forges.md §1.4, §1.8): 404 hides what the token cannot
 * see; 409 "Git Repository is empty."; 422 with GitHub's messages for a taken name, a refused
 * creation, a ref update that is not a fast-forward, a protected branch and a duplicate pull request.
 */
function translateRepoStatus(
  response: HttpResponse,
  forgeMessage: string | undefined,
  refusal: Refusal,
): FkError | null {
  const { status } = response;
  const message = forgeMessage ?? '';
  if (status === 404) {
    const accepted = refusal.acceptedScopes as string[];
    const granted = refusal.grantedScopes as string[] | null;
    const missing =
      granted !== null && accepted.length > 0 && !accepted.some((scope) => hasScope(granted, scope));
    return fkError('not_found', {
      message:
        'GitHub answered 404: repository not found or not visible to this token (GitHub answers the same for both).',
      remediation: missing
        ? `Check the owner and name. The token has none of the scopes GitHub accepts here (${accepted.join(', ')}); GitHub hides private repositories from tokens without them.`
        : 'Check the owner and name, and that the token may see the repository (private repositories need the repo scope, or a fine-grained token that selects them).',
      details: missing ? { ...refusal, missingScopes: accepted } : refusal,
    });
  }
  if (status === 409 && /repository is empty/i.test(message)) {
    return fkError('repo_empty', { details: withForgeMessage({ forge: 'github', status }, forgeMessage) });
  }
  if (status !== 422) return null;
  const errors = gitHubValidationMessages(response.json);
  const details = withForgeMessage(
    { forge: 'github', status, ...(errors.length > 0 ? { errors } : {}) },
    forgeMessage,
  );
  if (errors.some((text) => /already exists on this account/i.test(text)))
    return fkError('repo_exists', { details });
  if (/repository creation failed/i.test(message)) {
    return fkError('repo_creation_failed', {
      message: `GitHub refused to create the repository: ${errors.join('; ') || message}`,
      details,
    });
  }
  if (errors.some((text) => /a pull request already exists/i.test(text)))
    return fkError('pull_request_exists', { details });
  if (/not a fast.?forward/i.test(message)) return fkError('branch_moved', { details });
  if (/protected branch/i.test(message)) return fkError('branch_protected', { details });
  return fkError('invalid_input', {
    message: `GitHub rejected the request (422): ${[message, ...errors].filter(Boolean).join('; ')}`,
    details,
  });
}

/** GitHub's scope implications, from the domain's table (forges.md §1.5). */
function hasScope(granted: readonly string[], scope: string): boolean {
  return expandScopes('github', 'classic', granted).has(scope);
}
