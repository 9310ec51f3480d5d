import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { hostnameOf } from '../http/api-url.js';
import { isForeignBody, withForgeMessage } from '../http/common-errors.js';
import type { HttpOutcome } from '../http/types.js';
import type { RevokeOutcome } from '../types.js';
import { gitHubMessageOf } from './schemas.js';
import { translateGitHubError } from './translate-error.js';

/**
 * How `POST /credentials/revoke` is called (forges.md §1.6, §1.10): github.com wants it WITHOUT a
 * token (an authenticated call gets 403); GHES 3.19's docs describe authenticated calls.
 */
export type CredentialRevocationAuth = 'unauthenticated' | 'authenticated';

/**
 * Kinds the credential-revocation API accepts (forges.md §1.6): `ghp_` and `github_pat_`, and since
 * the 2026-03-26 changelog `gho_`, `ghu_` and `ghr_`. Not installation tokens (`ghs_`) nor 40-hex
 * legacy tokens.
 */
const REVOCABLE: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'classic',
  'fine-grained',
  'oauth',
  'app-user',
  'app-refresh',
]);

/** github.com → unauthenticated; any other host is a GHES → authenticated (the 3.19 docs). */
export function defaultRevocationAuth(apiUrl: string): CredentialRevocationAuth {
  return hostnameOf(apiUrl) === 'api.github.com' ? 'unauthenticated' : 'authenticated';
}

export interface RevocationPlan {
  /** How the first request is made. */
  auth: CredentialRevocationAuth;
  /**
   * Whether one request the other way follows an answer that says "wrong way": a 401 to an
   * unauthenticated call, a non-rate-limit 403 to an authenticated one. On when the mode was
   * guessed from the host (GHES versions differ, forges.md §1.6 "check per version"), off when the
   * caller pinned it.
   */
  fallback: boolean;
}

/**
 * Submits the token to GitHub's credential-revocation API. `202` → `ok('submitted')`: GitHub never
 * says whether the token was valid (forges.md §1.6), so this is not "revoked". The token travels in
 * the JSON body only (`send` builds the request); never in a URL.
 */
export async function revokeGitHub(
  send: (auth: CredentialRevocationAuth) => Promise<HttpOutcome>,
  kind: TokenKind,
  plan: RevocationPlan,
): Promise<Result<RevokeOutcome, FkError>> {
  if (!REVOCABLE.has(kind)) return err(notRevocable(kind));
  let auth = plan.auth;
  let outcome = await send(auth);
  if (plan.fallback && isWrongWay(outcome, auth)) {
    auth = auth === 'authenticated' ? 'unauthenticated' : 'authenticated';
    outcome = await send(auth);
  }
  if (isAccepted(outcome)) return ok('submitted');
  return err(revocationError(outcome, auth));
}

/**
 * Only the documented `202`, whatever its body (GitHub documents none worth reading). Another 2xx
 * is not GitHub's revocation endpoint speaking (a proxy, a wrong API URL), so nothing was submitted.
 */
function isAccepted(outcome: HttpOutcome): boolean {
  return outcome.type === 'response' && outcome.response.status === 202;
}

function isWrongWay(outcome: HttpOutcome, auth: CredentialRevocationAuth): boolean {
  if (outcome.type !== 'response' || isForeignBody(outcome.response)) return false;
  const { status } = outcome.response;
  return auth === 'unauthenticated' ? status === 401 : status === 403;
}

function revocationError(outcome: HttpOutcome, auth: CredentialRevocationAuth): FkError {
  const error = translateGitHubError(outcome);
  if (outcome.type !== 'response' || isForeignBody(outcome.response)) return error;
  const { status, json } = outcome.response;
  const details = withForgeMessage({ forge: 'github', status, auth }, gitHubMessageOf(json));
  if (status === 422) {
    return fkError('invalid_input', {
      message:
        'GitHub did not accept the revocation (422: "Validation failed, or the endpoint has been spammed").',
      remediation:
        'Retry later, or revoke the token by hand in GitHub (Settings → Developer settings → Personal access tokens).',
      details,
    });
  }
  if (status === 401 && auth === 'unauthenticated') {
    // Not the token's fault: this GitHub wants the revocation call authenticated (GHES 3.19).
    return fkError('forge_unreachable', {
      message: 'This GitHub requires the credential-revocation call to be authenticated (401).',
      remediation:
        "Create the adapter with credentialRevocationAuth: 'authenticated' (GitHub Enterprise Server 3.19 and later), or revoke the token by hand in GitHub.",
      details,
    });
  }
  if (status === 403) {
    return {
      ...error,
      message:
        auth === 'authenticated'
          ? 'GitHub refused the authenticated revocation call (403); github.com accepts only unauthenticated ones.'
          : 'GitHub refused the revocation call (403).',
      remediation:
        'Revoke the token by hand in GitHub (Settings → Developer settings → Personal access tokens).',
      details: { ...error.details, auth },
    };
  }
  return error;
}

function notRevocable(kind: TokenKind): FkError {
  return fkError('unsupported_token', {
    message: `GitHub's credential-revocation API does not accept ${kind} tokens (it takes ghp_, github_pat_, gho_, ghu_ and ghr_).`,
    remediation:
      'Revoke the token by hand in GitHub (Settings → Developer settings, or the app that issued it).',
    details: { forge: 'github', kind },
  });
}
