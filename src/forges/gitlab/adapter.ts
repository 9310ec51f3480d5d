import { type FkError, fkError } from '../../domain/errors/error.js';
import type { Account, Inspection } from '../../domain/inspection.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { normaliseApiUrl } from '../http/api-url.js';
import { parseResponse } from '../http/parse-response.js';
import { createPipeline } from '../http/pipeline.js';
import { readRateLimitState } from '../http/rate-limit.js';
import { redactError, secretsOfHeaders } from '../http/redact.js';
import type { AdapterConfig, HttpOutcome, HttpResponse } from '../http/types.js';
import type { ForgeAdapter, InspectOptions } from '../types.js';
import { parseExpiresAt, parseTimestamp } from './fields.js';
import { gitLabErrorOf, gitLabSelfTokenSchema, gitLabUserSchema } from './schemas.js';
import { translateGitLabError } from './translate-error.js';

/** Notes put in `Inspection.extra.note` when GitLab lets us see only part of the picture. */
export const GITLAB_NOTES = {
  userRefused:
    'GitLab refused GET /user (the token has neither read_user, read_api nor api): the username is unknown, only the user id.',
  selfRefused:
    'GitLab refused GET /personal_access_tokens/self (the token lacks an API scope, e.g. it has only read_repository/write_repository): its scopes and expiry are unknown.',
  bothRefused:
    'GitLab accepted the token but refused both GET /personal_access_tokens/self and GET /user (it has no API scope, e.g. only read_repository/write_repository): the token is valid, its owner, scopes and expiry are unknown.',
} as const;

/**
 * A GitLab adapter for one API base URL (`https://HOST/api/v4`, forges.md §2.10).
 *
 * `inspect` makes two calls (§2.3): `/personal_access_tokens/self` (scopes, expiry, last use,
 * name, user id) then `/user` (username, name). What happens when GitLab refuses one of them with
 * a 403 — the token authenticated (an unknown token gets 401), it only lacks an API scope:
 * - `/self` ok, `/user` 403 → the inspection, account `{ id: user_id, login: '', name: null }`:
 *   the id is known and stable, the username is not; `login: ''` means unknown, `extra.note` says why.
 * - `/self` 403 → fall back to `/user`: ok → the inspection with the account, scopes `null`
 *   (unknown, not empty) and expiry `null`; 403 too → an inspection with account and scopes `null`
 *   and a note: the token is valid, nothing else is knowable.
 */
export function createGitLabAdapter(options: AdapterConfig): ForgeAdapter {
  const apiUrl = normaliseApiUrl(options.apiUrl);
  const http = createPipeline({ ...options, forge: 'gitlab', apiUrl });

  async function inspect(
    token: Secret,
    kind: TokenKind,
    inspectOptions: InspectOptions = {},
  ): Promise<Result<Inspection, FkError>> {
    // forges.md §2.2: PRIVATE-TOKEN works for personal, project and group access tokens.
    const headers = {
      'PRIVATE-TOKEN': token.reveal(),
      'User-Agent': 'forgekeeper',
      Accept: 'application/json',
    };
    const secrets = [token, ...secretsOfHeaders(headers)];
    const get = (path: string) =>
      http.request({ method: 'GET', url: `${apiUrl}${path}`, headers, signal: inspectOptions.signal });
    const result = await inspectWith(get, kind);
    return result.ok ? result : err(redactError(result.error, secrets));
  }

  return { forge: 'gitlab', apiUrl, inspect };
}

type Get = (path: string) => Promise<HttpOutcome>;

async function inspectWith(get: Get, kind: TokenKind): Promise<Result<Inspection, FkError>> {
  const selfOutcome = await get('/personal_access_tokens/self');
  const selfResponse = successOf(selfOutcome);
  if (!selfResponse) {
    if (!isRefusal(selfOutcome)) return err(translateGitLabError(selfOutcome));
    return inspectWithoutSelf(get, kind);
  }
  const self = parseResponse('gitlab', selfResponse, gitLabSelfTokenSchema);
  if (!self.ok) return self;
  const t = self.value;
  // GitLab does not authenticate revoked or expired tokens, but a 200 saying so is believed (§2.3).
  const details = { forge: 'gitlab', status: 200 };
  if (t.revoked === true) {
    return err(fkError('token_revoked', { message: 'GitLab says the token was revoked.', details }));
  }
  if (t.active === false) {
    return err(
      fkError('token_expired', { message: 'GitLab says the token is no longer active (expired).', details }),
    );
  }

  const base: Inspection = {
    forge: 'gitlab',
    kind,
    account: null,
    scopes: t.scopes,
    expiresAt: parseExpiresAt(t.expires_at),
    lastUsedAt: parseTimestamp(t.last_used_at),
    rateLimit: readRateLimitState(selfResponse.headers),
    extra: t.name ? { name: t.name } : {},
  };
  const userOutcome = await get('/user');
  const user = accountFrom(userOutcome);
  if (user.ok) {
    return ok({ ...base, account: user.value, rateLimit: rateLimitOf(userOutcome) ?? base.rateLimit });
  }
  if (!isRefusal(userOutcome)) return user;
  return ok({
    ...base,
    account: { id: String(t.user_id), login: '', name: null },
    extra: { ...base.extra, note: GITLAB_NOTES.userRefused },
  });
}

async function inspectWithoutSelf(get: Get, kind: TokenKind): Promise<Result<Inspection, FkError>> {
  const userOutcome = await get('/user');
  const base: Inspection = {
    forge: 'gitlab',
    kind,
    account: null,
    scopes: null,
    expiresAt: null,
    lastUsedAt: null,
    rateLimit: rateLimitOf(userOutcome),
    extra: {},
  };
  const user = accountFrom(userOutcome);
  if (user.ok) return ok({ ...base, account: user.value, extra: { note: GITLAB_NOTES.selfRefused } });
  if (isRefusal(userOutcome)) return ok({ ...base, extra: { note: GITLAB_NOTES.bothRefused } });
  return user;
}

function accountFrom(outcome: HttpOutcome): Result<Account, FkError> {
  const response = successOf(outcome);
  if (!response) return err(translateGitLabError(outcome));
  const user = parseResponse('gitlab', response, gitLabUserSchema);
  if (!user.ok) return user;
  return ok({ id: String(user.value.id), login: user.value.username, name: user.value.name ?? null });
}

/** The response of a 200, or null for anything else. */
function successOf(outcome: HttpOutcome): HttpResponse | null {
  return outcome.type === 'response' && outcome.response.status === 200 ? outcome.response : null;
}

/**
 * GitLab's `403 insufficient_scope` (§2.4): the token authenticated (an unknown one gets 401) and
 * lacks an API scope. Other 403s (a blocked user, a policy) stay errors.
 */
function isRefusal(outcome: HttpOutcome): boolean {
  return (
    outcome.type === 'response' &&
    outcome.response.status === 403 &&
    gitLabErrorOf(outcome.response.json)?.error === 'insufficient_scope'
  );
}

function rateLimitOf(outcome: HttpOutcome): Inspection['rateLimit'] {
  return outcome.type === 'network' ? null : readRateLimitState(outcome.response.headers);
}
