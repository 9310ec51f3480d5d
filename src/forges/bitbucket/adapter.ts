import type { FkError } from '../../domain/errors/error.js';
import type { Inspection } from '../../domain/inspection.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { normaliseApiUrl } from '../http/api-url.js';
import { parseCommaList } from '../http/comma-list.js';
import { isForeignBody } from '../http/common-errors.js';
import { parseResponse } from '../http/parse-response.js';
import { createPipeline } from '../http/pipeline.js';
import { readRateLimitState } from '../http/rate-limit.js';
import { redactError, secretsOfHeaders } from '../http/redact.js';
import type { AdapterConfig, HttpResponse } from '../http/types.js';
import type { ForgeAdapter, InspectOptions } from '../types.js';
import { authorizationFor } from './auth.js';
import { bitbucketGitTarget } from './git-target.js';
import { createBitbucketRepoClient } from './repos.js';
import { bitbucketErrorOf, bitbucketUserSchema, isMissingScopeMessage } from './schemas.js';
import { translateBitbucketError } from './translate-error.js';
import { bitbucketWebUrl } from './web-url.js';

export const BITBUCKET_NOTES = {
  notAUser: 'Bitbucket access tokens act as their own pseudo-user: there is no account behind them.',
  noReadUser:
    'The API token is valid but lacks read:user:bitbucket, so Bitbucket does not say whose it is; scopes come from its refusal.',
  appPassword: 'Bitbucket app passwords stopped working on 2026-07-28; replace it with an API token.',
} as const;

/**
 * A Bitbucket Cloud adapter for one API base URL (`https://api.bitbucket.org/2.0`).
 *
 * `inspect` is `GET /2.0/user` (forges.md §3.4, §8.2): 200 → a user token; 403 carrying
 * `x-credential-type` → a valid access token (not a user: account `null`); 401 → invalid.
 * Decision: an API token without `read:user:bitbucket` gets the "lack one or more required
 * privilege scopes" 403 — its credentials worked, so it is an inspection with account `null`, scopes
 * from the header or else from `error.detail.granted`, and a note, not an error.
 */
export function createBitbucketAdapter(options: AdapterConfig): ForgeAdapter {
  const apiUrl = normaliseApiUrl(options.apiUrl);
  const http = createPipeline({ ...options, forge: 'bitbucket', apiUrl });

  async function inspect(
    token: Secret,
    kind: TokenKind,
    inspectOptions: InspectOptions = {},
  ): Promise<Result<Inspection, FkError>> {
    const auth = authorizationFor(token, kind, inspectOptions.email);
    if (!auth.ok) return auth;
    const headers = { Authorization: auth.value, 'User-Agent': 'forgekeeper', Accept: 'application/json' };
    // What to redact, worked out only on the error paths: a successful inspection never needs it.
    const secrets = () => [token, ...secretsOfHeaders(headers)];
    const outcome = await http.request({
      method: 'GET',
      url: `${apiUrl}/user`,
      headers,
      signal: inspectOptions.signal,
    });
    if (outcome.type === 'response') {
      const inspection = inspectionFrom(outcome.response, kind);
      if (inspection) return inspection.ok ? inspection : err(redactError(inspection.error, secrets()));
    }
    return err(redactError(translateBitbucketError(outcome, { kind }), secrets()));
  }

  const webUrl = bitbucketWebUrl(apiUrl);
  return {
    forge: 'bitbucket',
    apiUrl,
    inspect,
    repos: (auth) => createBitbucketRepoClient({ http, apiUrl, webUrl }, auth),
    gitTarget: (repo, kind) => bitbucketGitTarget(webUrl, repo, kind),
  };
}

/** The inspection a response proves, or null when it is a failure for `translateBitbucketError`. */
function inspectionFrom(response: HttpResponse, kind: TokenKind): Result<Inspection, FkError> | null {
  const credentialType = response.headers.get('x-credential-type');
  const base: Inspection = {
    forge: 'bitbucket',
    kind,
    account: null,
    scopes: parseCommaList(response.headers.get('x-oauth-scopes')),
    expiresAt: null, // Bitbucket documents no expiry discovery (§0, §3.6).
    lastUsedAt: null,
    rateLimit: readRateLimitState(response.headers),
    extra: credentialType ? { credentialType } : {},
  };
  if (kind === 'app_password') base.extra.note = BITBUCKET_NOTES.appPassword;

  if (response.status === 200) {
    const user = parseResponse('bitbucket', response, bitbucketUserSchema);
    if (!user.ok) return user;
    const { uuid, username, nickname, display_name } = user.value;
    return ok({
      ...base,
      account: { id: uuid, login: username ?? nickname ?? '', name: display_name ?? null },
    });
  }
  if (response.status !== 403 || isForeignBody(response)) return null;
  // A 403 still proves the credentials: access tokens are not users (§3.4); an API token without
  // read:user:bitbucket is refused for the scope. Scopes: the header, else the refusal's `granted`.
  const info = bitbucketErrorOf(response.json);
  const scopes = base.scopes ?? info.granted;
  if (kind === 'api_token' && (credentialType !== null || isMissingScopeMessage(info.message))) {
    return ok({ ...base, scopes, extra: { ...base.extra, note: BITBUCKET_NOTES.noReadUser } });
  }
  if (credentialType !== null)
    return ok({ ...base, scopes, extra: { ...base.extra, note: BITBUCKET_NOTES.notAUser } });
  return null;
}
