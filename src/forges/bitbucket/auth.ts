import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import type { TokenKind } from '../../domain/token-kind.js';

/**
 * The `Authorization` value by kind (forges.md §3.1): API token → Basic `email:token` (a username
 * gets 401, so no email means no call); access token → Bearer; app password → Basic
 * `username-or-email:password`, though offline checks stop those first and without a name there is
 * nothing to try. Revealed here, at the HTTP boundary, and nowhere else.
 */
export function authorizationFor(
  token: Secret,
  kind: TokenKind,
  email: string | undefined,
): Result<string, FkError> {
  const basic = (user: string) => `Basic ${Buffer.from(`${user}:${token.reveal()}`).toString('base64')}`;
  const user = email?.trim();
  switch (kind) {
    case 'api_token':
      return user ? ok(basic(user)) : err(fkError('email_required'));
    case 'access_token':
      return ok(`Bearer ${token.reveal()}`);
    case 'app_password':
      return user ? ok(basic(user)) : err(fkError('app_password_removed'));
    default:
      return err(
        fkError('unsupported_token', {
          message: `A ${kind} token is not a Bitbucket token.`,
          details: { kind },
        }),
      );
  }
}
