import type { FkError } from '../../domain/errors/error.js';
import type { Inspection } from '../../domain/inspection.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { normaliseApiUrl } from '../http/api-url.js';
import { parseResponse } from '../http/parse-response.js';
import { createPipeline } from '../http/pipeline.js';
import { readRateLimitState } from '../http/rate-limit.js';
import { redactError, secretsOfHeaders } from '../http/redact.js';
import type { AdapterConfig } from '../http/types.js';
import type { ForgeAdapter, InspectOptions, RevokeOutcome } from '../types.js';
import { BASE_HEADERS } from './base-headers.js';
import { gitHubGitTarget } from './git-target.js';
import { parseOAuthScopes, parseTokenExpiration } from './headers.js';
import { isGitHubRateLimited } from './rate-limit.js';
import { createGitHubRepoClient } from './repos.js';
import { type CredentialRevocationAuth, defaultRevocationAuth, revokeGitHub } from './revoke.js';
import { gitHubUserSchema } from './schemas.js';
import { translateGitHubError } from './translate-error.js';
import { gitHubWebUrl } from './web-url.js';

/**
 * Kinds whose grant GitHub does not expose: fine-grained PATs have no scope list (forges.md §1.3) and
 * GitHub App tokens (`ghu_`, `ghs_`, `ghr_`, §1.1) carry permissions, not OAuth scopes. Their scopes
 * are `null` (unknown), never `[]`. Classic, legacy and OAuth tokens read `X-OAuth-Scopes`.
 */
const UNINTROSPECTABLE: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'fine-grained',
  'app-user',
  'app-installation',
  'app-refresh',
]);

export interface GitHubAdapterConfig extends AdapterConfig {
  /**
   * Pins how `revoke` calls the credential-revocation API. Absent: unauthenticated on
   * api.github.com, authenticated elsewhere (GHES 3.19), with one try the other way when GitHub
   * answers "wrong way" (`revoke.ts`).
   */
  credentialRevocationAuth?: CredentialRevocationAuth;
}

/**
 * A GitHub adapter for one API base URL (github.com or `https://HOST/api/v3`, forges.md §1.10):
 * `inspect` (`GET /user`) and `revoke` (the credential-revocation API, §1.6). No `rotate`: GitHub has
 * no API that rotates a PAT (§1.6).
 */
export function createGitHubAdapter(options: GitHubAdapterConfig): ForgeAdapter {
  const apiUrl = normaliseApiUrl(options.apiUrl);
  const http = createPipeline({ ...options, forge: 'github', apiUrl, isRateLimited: isGitHubRateLimited });
  const revocationPlan = {
    auth: options.credentialRevocationAuth ?? defaultRevocationAuth(apiUrl),
    fallback: options.credentialRevocationAuth === undefined,
  };

  async function inspect(
    token: Secret,
    kind: TokenKind,
    inspectOptions: InspectOptions = {},
  ): Promise<Result<Inspection, FkError>> {
    // forges.md §1.2: Bearer works for every PAT kind.
    const headers = { ...BASE_HEADERS, Authorization: `Bearer ${token.reveal()}` };
    // What to redact, worked out only on the error paths: a successful inspection never needs it.
    const secrets = () => [token, ...secretsOfHeaders(headers)];
    const outcome = await http.request({
      method: 'GET',
      url: `${apiUrl}/user`,
      headers,
      signal: inspectOptions.signal,
    });
    if (outcome.type !== 'response' || outcome.response.status !== 200) {
      return err(redactError(translateGitHubError(outcome), secrets()));
    }
    const { response } = outcome;
    const user = parseResponse('github', response, gitHubUserSchema);
    if (!user.ok) return err(redactError(user.error, secrets()));
    return ok({
      forge: 'github',
      kind,
      account: { id: String(user.value.id), login: user.value.login, name: user.value.name ?? null },
      scopes: UNINTROSPECTABLE.has(kind) ? null : parseOAuthScopes(response.headers.get('x-oauth-scopes')),
      expiresAt: parseTokenExpiration(response.headers.get('github-authentication-token-expiration')),
      lastUsedAt: null,
      rateLimit: readRateLimitState(response.headers),
      extra: {},
    });
  }

  async function revoke(
    token: Secret,
    kind: TokenKind,
    revokeOptions: InspectOptions = {},
  ): Promise<Result<RevokeOutcome, FkError>> {
    const authorization = { Authorization: `Bearer ${token.reveal()}` };
    const secrets = [token, ...secretsOfHeaders(authorization)];
    // The token goes in the JSON body only; the Authorization header only where GHES wants one.
    const send = (auth: CredentialRevocationAuth) =>
      http.request({
        method: 'POST',
        url: `${apiUrl}/credentials/revoke`,
        headers: {
          ...BASE_HEADERS,
          'Content-Type': 'application/json',
          ...(auth === 'authenticated' ? authorization : {}),
        },
        body: JSON.stringify({ credentials: [token.reveal()] }),
        secrets: [token.reveal()],
        signal: revokeOptions.signal,
      });
    const result = await revokeGitHub(send, kind, revocationPlan);
    return result.ok ? result : err(redactError(result.error, secrets));
  }

  return {
    forge: 'github',
    apiUrl,
    inspect,
    revoke,
    repos: (auth) => createGitHubRepoClient({ http, apiUrl, webUrl: gitHubWebUrl(apiUrl), auth }),
    gitTarget: (repo, kind) => gitHubGitTarget(gitHubWebUrl(apiUrl), repo, kind),
  };
}
