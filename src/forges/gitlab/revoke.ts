import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { TokenKind } from '../../domain/token-kind.js';
import type { RevokeOutcome } from '../types.js';
import type { GitLabSend } from './session.js';
import { translateGitLabError } from './translate-error.js';

/**
 * `DELETE /personal_access_tokens/self` (forges.md §2.5, §2.6; GitLab 15.4+, any scope) → `204`.
 *
 * A token GitLab already calls revoked (`401 … Token was revoked`) is the state asked for, so it is
 * `ok('revoked')`: a retry after a lost 204, or a token revoked in the UI meanwhile, must not look
 * like a failure. Expired (`token_expired`) and unknown (`bad_credentials`) tokens stay errors: an
 * expired token is not revoked, and an unknown one may belong to another GitLab instance, where it
 * still works. Everything else (5xx, 429, a network error) is an error that says nothing about the
 * token; the request is idempotent, so the pipeline's retries are safe.
 */
export async function revokeGitLab(
  send: GitLabSend,
  kind: TokenKind,
): Promise<Result<RevokeOutcome, FkError>> {
  if (kind !== 'personal') return err(notAPersonalToken(kind, 'revoked'));
  const outcome = await send({ method: 'DELETE', path: '/personal_access_tokens/self' });
  // Only 204: a 200 may be a captive portal's HTML page (the translation reports that).
  if (outcome.type === 'response' && outcome.response.status === 204) return ok('revoked');
  const error = translateGitLabError(outcome);
  if (error.code === 'token_revoked') return ok('revoked');
  return err(error);
}

/**
 * The `self` endpoints serve `glpat-` tokens (personal, project and group access tokens, §2.1);
 * deploy, runner, CI job and other GitLab tokens are managed elsewhere.
 */
export function notAPersonalToken(kind: TokenKind, done: 'revoked' | 'rotated'): FkError {
  return fkError('unsupported_token', {
    message: `GitLab's API can ${done === 'revoked' ? 'revoke' : 'rotate'} only access tokens (glpat-) this way, not a ${kind} token.`,
    remediation: `Open the token's page in GitLab and manage it there.`,
    details: { forge: 'gitlab', kind },
  });
}
