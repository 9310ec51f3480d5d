import type { SandboxAccount } from './accounts.js';
import { BITBUCKET_CLASSIC_SCOPES, isBitbucketApiTokenScope } from './bitbucket/scopes.js';
import { recordCanary } from './canary.js';
import { DAY_MS, utcDate } from './clock.js';
import type { CreateTokenRequest } from './control-schemas.js';
import { GITHUB_CLASSIC_SCOPES, normaliseGitHubScopes } from './github/scopes.js';
import { GITLAB_SCOPES } from './gitlab/scopes.js';
import { maskSecret } from './mask.js';
import type { SandboxState } from './state.js';
import {
  atlassianApiToken,
  bitbucketAccessToken,
  bitbucketAppPassword,
  type GitLabTokenFormat,
  githubClassicToken,
  githubFineGrainedToken,
  gitlabPersonalToken,
} from './token-formats.js';
import { hashToken, type TokenRecord } from './tokens.js';
import type { SandboxForge, SandboxTokenKind } from './types.js';

export class TokenInputError extends Error {}

/** Scopes a kind may carry; returns them as the forge stores them (GitHub drops implied ones). */
export function checkScopes(kind: SandboxTokenKind, scopes: readonly string[]): string[] {
  const unknown = scopes.filter((scope) => !scopeAllowed(kind, scope));
  if (unknown.length > 0) {
    throw new TokenInputError(`unknown ${kind} scope(s): ${unknown.join(', ')} (see docs/sandbox.md)`);
  }
  return kind === 'classic' ? normaliseGitHubScopes(scopes) : [...new Set(scopes)];
}

function scopeAllowed(kind: SandboxTokenKind, scope: string): boolean {
  switch (kind) {
    case 'classic':
      return GITHUB_CLASSIC_SCOPES.has(scope);
    case 'fine-grained':
      return false;
    case 'personal':
      return GITLAB_SCOPES.has(scope);
    case 'api_token':
      return isBitbucketApiTokenScope(scope);
    case 'access_token':
    case 'app_password':
      return BITBUCKET_CLASSIC_SCOPES.has(scope);
  }
}

/**
 * Lifetime when the control API gives none: fine-grained PATs must expire (forges.md §1.6; 30 days
 * is GitHub's form default); GitLab PATs get the 365-day maximum (§2.6); Atlassian API tokens get an
 * expiry at creation (§3.6; one year here); the rest never expire.
 */
const DEFAULT_LIFETIME_DAYS: Record<SandboxTokenKind, number | null> = {
  classic: null,
  'fine-grained': 30,
  personal: 365,
  api_token: 365,
  access_token: null,
  app_password: null,
};

/**
 * The instant a token stops working. GitLab keeps a date and stops the token at 00:00 UTC that day
 * (forges.md §2.3), so an instant given for GitLab is cut to its UTC date.
 */
export function expiryMs(forge: SandboxForge, givenMs: number): number {
  return forge === 'gitlab' ? Date.parse(`${utcDate(givenMs)}T00:00:00Z`) : givenMs;
}

function defaultExpiryMs(kind: SandboxTokenKind, forge: SandboxForge, nowMs: number): number | null {
  const days = DEFAULT_LIFETIME_DAYS[kind];
  return days === null ? null : expiryMs(forge, nowMs + days * DAY_MS);
}

function generate(request: CreateTokenRequest, account: SandboxAccount): string {
  switch (request.kind) {
    case 'classic':
      return githubClassicToken();
    case 'fine-grained':
      return githubFineGrainedToken();
    case 'personal':
      return gitlabPersonalToken(request.format, account.id);
    case 'api_token':
      return atlassianApiToken();
    case 'access_token':
      return bitbucketAccessToken();
    case 'app_password':
      return bitbucketAppPassword();
  }
}

export interface IssueOptions {
  /** Parse of `expiresAt` (undefined = default lifetime, null = never). */
  expiresAtMs: number | null | undefined;
  lastUsedAtMs: number | null;
}

/** Creates and stores a token; the plaintext is returned once and never kept. */
export function issueToken(
  state: SandboxState,
  request: CreateTokenRequest,
  account: SandboxAccount,
  options: IssueOptions,
): { record: TokenRecord; token: string } {
  const nowMs = state.clock.nowMs();
  const scopes = 'scopes' in request ? checkScopes(request.kind, request.scopes) : [];
  let expiresAtMs =
    options.expiresAtMs === undefined
      ? defaultExpiryMs(request.kind, request.forge, nowMs)
      : options.expiresAtMs === null
        ? null
        : expiryMs(request.forge, options.expiresAtMs);
  // A token created `expired` without a past expiry gets one (yesterday), so GitLab's `expires_at`
  // and the GitHub expiration header tell the same story as the 401.
  if (request.state === 'expired' && (expiresAtMs === null || expiresAtMs > nowMs)) {
    expiresAtMs = expiryMs(request.forge, nowMs - DAY_MS);
  }
  const token = generate(request, account);
  recordCanary(token);
  const number = state.tokens.nextNumber(request.forge);
  const id = `${request.forge}-${number}`;
  const record: TokenRecord = {
    id,
    number,
    forge: request.forge,
    kind: request.kind,
    hash: hashToken(token),
    hint: maskSecret(token),
    login: account.login,
    scopes,
    permissions: request.kind === 'fine-grained' ? { ...request.permissions } : null,
    state: request.state,
    expiresAtMs,
    createdAtMs: nowMs,
    lastUsedAtMs: options.lastUsedAtMs,
    lastUsedIps: [],
    name: request.name ?? (request.kind === 'personal' ? `sandbox-token-${number}` : null),
    description: request.kind === 'personal' ? (request.description ?? null) : null,
    gitlabFormat: request.kind === 'personal' ? (request.format satisfies GitLabTokenFormat) : null,
    credentialType: request.kind === 'access_token' ? request.credentialType : null,
    familyId: id,
    rotatedFromId: null,
  };
  state.tokens.add(record);
  return { record, token };
}
