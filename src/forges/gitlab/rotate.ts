import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { Secret } from '../../domain/secret.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { redactError } from '../http/redact.js';
import type { HttpOutcome, HttpResponse } from '../http/types.js';
import type { RotatedToken } from '../types.js';
import { parseExpiresAt } from './fields.js';
import { notAPersonalToken } from './revoke.js';
import { gitLabRotatedTokenSchema } from './schemas.js';
import type { GitLabSend } from './session.js';
import { translateGitLabError } from './translate-error.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What rotation needs (forges.md §2.5, §2.6), in the order GitLab names them. */
const ROTATE_SCOPES = ['api', 'self_rotate'];

/**
 * `POST /personal_access_tokens/self/rotate` (forges.md §2.6, GitLab 16.10+): GitLab revokes the
 * old token and answers `200` with the new one in `token`; `expires_at` (a date) is optional, GitLab
 * picks a default without it (one week where expiry is mandatory).
 *
 * Sent exactly ONCE (`retries: 0`): a rotation whose answer is lost (timeout, reset, 5xx) may have
 * happened, and presenting the old — then revoked — token again trips reuse detection, which revokes
 * the new token too. Such failures say `details.rotation: 'unknown'`. A 429 is still waited out or
 * reported: Rack::Attack refuses before the rotation runs (§2.7).
 */
export async function rotateGitLab(
  send: GitLabSend,
  kind: TokenKind,
  expiresAt: string | undefined,
): Promise<Result<RotatedToken, FkError>> {
  if (kind !== 'personal') return err(notAPersonalToken(kind, 'rotated'));
  if (expiresAt !== undefined && !isDate(expiresAt)) {
    return err(
      fkError('invalid_input', {
        message:
          'The expiry of a rotated GitLab token is a date, YYYY-MM-DD (it ends at 00:00 UTC that day).',
        details: { forge: 'gitlab', field: 'expiresAt' },
      }),
    );
  }
  const outcome = await send({
    method: 'POST',
    path: '/personal_access_tokens/self/rotate',
    json: expiresAt === undefined ? undefined : { expires_at: expiresAt },
    retries: 0,
  });
  if (outcome.type === 'response' && outcome.response.status === 200 && outcome.response.json !== undefined) {
    return readRotated(outcome.response);
  }
  return err(rotationError(outcome));
}

function isDate(value: string): boolean {
  return DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** The new token as a `Secret`; an unreadable 200 is reported without a byte of its body. */
function readRotated(response: HttpResponse): Result<RotatedToken, FkError> {
  const parsed = gitLabRotatedTokenSchema.safeParse(response.json);
  if (parsed.success) {
    return ok({ token: new Secret(parsed.data.token), expiresAt: parseExpiresAt(parsed.data.expires_at) });
  }
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  // The body may hold the new token under another shape; never let its text into the error.
  const json = response.json;
  const text =
    typeof json === 'object' && json !== null && 'token' in json && typeof json.token === 'string'
      ? [json.token]
      : [];
  return err(redactError(maybeRotated(response.status, `${where}: ${issue?.code ?? 'invalid'}`), text));
}

function rotationError(outcome: HttpOutcome): FkError {
  const error = translateGitLabError(outcome);
  if (outcome.type === 'rate_limited') return error;
  if (outcome.type === 'network') {
    return outcome.failure.reason === 'invalid_request' ? error : maybeRotated(null, outcome.failure.reason);
  }
  const { status } = outcome.response;
  if (status >= 500 || (status >= 200 && status < 300)) return maybeRotated(status, error.message);
  const details = error.details ?? {};
  if (error.code === 'token_revoked') {
    return {
      ...error,
      message:
        'GitLab says the token was already revoked. Rotating a revoked token makes GitLab revoke every token rotated from the same original (reuse detection), so any newer token of this family is revoked now too.',
      details: { ...details, reuseDetection: true },
    };
  }
  if (status === 403) {
    const required = Array.isArray(details.requiredScopes) ? details.requiredScopes : [];
    return {
      ...error,
      message: `GitLab refused to rotate the token (403): rotation needs the ${ROTATE_SCOPES.join(' or ')} scope.`,
      remediation:
        'GitLab cannot add scopes to a token: rotate it in GitLab (Access tokens → Rotate), or create a new token with the api or self_rotate scope and replace this one.',
      details: { ...details, requiredScopes: required.length > 0 ? required : ROTATE_SCOPES },
    };
  }
  if (status === 405) {
    return fkError('unsupported_token', {
      message: 'GitLab can rotate only personal access tokens through this API (405).',
      remediation: "Rotate the token on its page in GitLab (project, group or the token's settings).",
      details,
    });
  }
  if (status === 400) return { ...error, message: 'GitLab did not rotate the token (400).' };
  return error;
}

/** No usable answer to a rotation: it may or may not have happened. */
function maybeRotated(status: number | null, cause: string): FkError {
  return fkError('forge_unreachable', {
    message:
      'GitLab gave no usable answer to the rotation, so it may have rotated the token: then the old token is revoked and the new one is lost.',
    remediation:
      'Do not rotate again with the old token (GitLab would revoke the whole token family). Check the old token first: if it still works, rotate again; if GitLab says it was revoked, create a new token in GitLab and replace this one.',
    details: { forge: 'gitlab', status, rotation: 'unknown', cause },
  });
}
