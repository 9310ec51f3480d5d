import { type FkError, fkError } from '../../domain/errors/error.js';
import type { Account, Inspection } from '../../domain/inspection.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { parseResponse } from '../http/parse-response.js';
import { readRateLimitState } from '../http/rate-limit.js';
import type { HttpOutcome, HttpResponse } from '../http/types.js';
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

/** A GET relative to the API base, with the token's headers already on it. */
export type GitLabGet = (path: string) => Promise<HttpOutcome>;

/**
 * GitLab introspection (forges.md §2.3) in ONE round trip: `/personal_access_tokens/self` (scopes,
 * expiry, last use, name, user id) and `/user` (username, name) are asked at the same time, then
 * read in that order. Asking one after the other made a GitLab check cost two round trips (the
 * 1,000-token benchmark at 50 ms latency). The price: a token that `/self` already condemns (401,
 * `revoked: true`) has spent one `/user` request too — GitLab's budget is 2,000/min per user (§2.7).
 *
 * What happens when GitLab refuses one of them with a 403 — the token authenticated (an unknown
 * token gets 401), it only lacks an API scope:
 * - `/self` ok, `/user` 403 → the inspection, account `{ id: user_id, login: '', name: null }`:
 *   the id is known and stable, the username is not; `login: ''` means unknown, `extra.note` says why.
 * - `/self` 403 → `/user` decides: ok → the inspection with the account, scopes `null` (unknown,
 *   not empty) and expiry `null`; 403 too → an inspection with account and scopes `null` and a
 *   note: the token is valid, nothing else is knowable.
 * - `/self` anything else (401, 5xx, a network error) → its error; `/user`'s answer is ignored.
 *
 * A re-check that already knows the token's account (`knownAccount`, Refresh All) asks `/self`
 * alone: its `user_id` says whether the token still belongs to that account, and only when it does
 * not (or `/self` is refused) is `/user` asked after it. One request per check instead of two, for
 * GitLab's budget and for the refresh's CPU; the username is re-read by a single check.
 */
export async function inspectGitLab(
  get: GitLabGet,
  kind: TokenKind,
  knownAccount?: Account,
): Promise<Result<Inspection, FkError>> {
  if (knownAccount !== undefined && knownAccount.login !== '') {
    const selfOutcome = await get('/personal_access_tokens/self');
    const known = readKnown(selfOutcome, knownAccount, kind);
    if (known !== null) return known;
    return inspectFrom(selfOutcome, await get('/user'), kind);
  }
  const [selfOutcome, userOutcome] = await Promise.all([get('/personal_access_tokens/self'), get('/user')]);
  return inspectFrom(selfOutcome, userOutcome, kind);
}

/** The answer from `/self` alone when it names the known account; null when `/user` must be asked. */
function readKnown(
  selfOutcome: HttpOutcome,
  knownAccount: Account,
  kind: TokenKind,
): Result<Inspection, FkError> | null {
  const selfResponse = successOf(selfOutcome);
  if (!selfResponse) return isRefusal(selfOutcome) ? null : err(translateGitLabError(selfOutcome));
  const base = baseFromSelf(selfResponse, kind);
  if (!base.ok) return base;
  if (base.value.userId !== knownAccount.id) return null;
  return ok({ ...base.value.inspection, account: knownAccount });
}

function inspectFrom(
  selfOutcome: HttpOutcome,
  userOutcome: HttpOutcome,
  kind: TokenKind,
): Result<Inspection, FkError> {
  const selfResponse = successOf(selfOutcome);
  if (!selfResponse) {
    if (!isRefusal(selfOutcome)) return err(translateGitLabError(selfOutcome));
    return inspectWithoutSelf(userOutcome, kind);
  }
  const self = baseFromSelf(selfResponse, kind);
  if (!self.ok) return self;
  const base = self.value.inspection;
  const user = accountFrom(userOutcome);
  if (user.ok) {
    return ok({ ...base, account: user.value, rateLimit: rateLimitOf(userOutcome) ?? base.rateLimit });
  }
  if (!isRefusal(userOutcome)) return user;
  return ok({
    ...base,
    account: { id: self.value.userId, login: '', name: null },
    extra: { ...base.extra, note: GITLAB_NOTES.userRefused },
  });
}

/** What a 200 from `/self` says, account left out; a revoked or inactive token is an error. */
function baseFromSelf(
  selfResponse: HttpResponse,
  kind: TokenKind,
): Result<{ inspection: Inspection; userId: string }, FkError> {
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
  const inspection: Inspection = {
    forge: 'gitlab',
    kind,
    account: null,
    scopes: t.scopes,
    expiresAt: parseExpiresAt(t.expires_at),
    lastUsedAt: parseTimestamp(t.last_used_at),
    rateLimit: readRateLimitState(selfResponse.headers),
    extra: t.name ? { name: t.name } : {},
  };
  return ok({ inspection, userId: String(t.user_id) });
}

function inspectWithoutSelf(userOutcome: HttpOutcome, kind: TokenKind): Result<Inspection, FkError> {
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
