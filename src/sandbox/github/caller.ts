import type { FastifyRequest } from 'fastify';
import type { SandboxAccount } from '../accounts.js';
import { headerValue, parseAuthorization } from '../auth-header.js';
import type { ForgeReply } from '../forge-reply.js';
import type { WindowState } from '../rate-limits.js';
import type { SandboxState } from '../state.js';
import { isExpired, isRevoked, type TokenRecord, unusedFor } from '../tokens.js';
import { badCredentials, expirationHeader, githubError, rateLimitHeaders } from './responses.js';
import type { GitHubRule } from './rules.js';

/** Who is calling: nobody, a token (with its account), or a refusal already decided. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'token'; record: TokenRecord; account: SandboxAccount }
  | { kind: 'refused'; answer: ForgeReply };

export type TokenCaller = Extract<Caller, { kind: 'token' }>;

/** The caller-identification and budget helpers every GitHub route shares (forges.md §1.2–1.4, §1.7). */
export interface GitHubCallers {
  userKey(account: SandboxAccount): string;
  ipKey(request: FastifyRequest): string;
  ipState(request: FastifyRequest, consume: boolean): WindowState;
  /** The token text presented (null: none; undefined: an Authorization header of another scheme). */
  presentedToken(request: FastifyRequest): string | null | undefined;
  identify(request: FastifyRequest, rule: Pick<GitHubRule, 'allowsAnonymous' | 'documentationUrl'>): Caller;
  /** `X-OAuth-Scopes`, `X-Accepted-OAuth-Scopes`, `X-Accepted-GitHub-Permissions`, expiry. */
  tokenHeaders(
    record: TokenRecord,
    rule: Pick<GitHubRule, 'acceptedScopes' | 'acceptedPermissions'>,
  ): Record<string, string>;
  /** Budget for the caller: spent when the endpoint costs, else only looked at. */
  budget(caller: Caller, request: FastifyRequest, spend: boolean): { allowed: boolean; state: WindowState };
}

export function createGitHubCallers(state: SandboxState): GitHubCallers {
  const userKey = (account: SandboxAccount) => `user:${account.id}`;
  const ipKey = (request: FastifyRequest) => `ip:${request.ip}`;

  const ipState = (request: FastifyRequest, consume: boolean): WindowState => {
    const limit = state.config.github.unauthenticatedRateLimitPerHour;
    const now = state.clock.nowMs();
    return consume
      ? state.limiters.github.consume(ipKey(request), limit, now).state
      : state.limiters.github.peek(ipKey(request), limit, now);
  };

  const presentedToken = (request: FastifyRequest): string | null | undefined => {
    const credential = parseAuthorization(headerValue(request.headers.authorization));
    if (credential === null) return null;
    if (credential.scheme === 'bearer' || credential.scheme === 'token') return credential.token;
    // A PAT as the Basic password works on the REST API too; the username is ignored (forges.md §1.9).
    if (credential.scheme === 'basic') return credential.password;
    return undefined;
  };

  const identify: GitHubCallers['identify'] = (request, rule) => {
    const token = presentedToken(request);
    if (token === null && rule.allowsAnonymous) return { kind: 'anonymous' };
    // Refused requests spend the caller IP's unauthenticated budget and show it (forges.md §1.7).
    const refuse = (answer: (headers: Record<string, string>) => ForgeReply): Caller => ({
      kind: 'refused',
      answer: answer(rateLimitHeaders(ipState(request, true))),
    });
    if (token === null) {
      return refuse((headers) => githubError(401, 'Requires authentication', rule.documentationUrl, headers));
    }
    const record = token === undefined ? undefined : state.tokens.find('github', token);
    const now = state.clock.nowMs();
    // Unknown, expired, revoked and year-unused tokens look the same (forges.md §1.4, §1.6).
    if (
      !record ||
      isRevoked(record) ||
      isExpired(record, now) ||
      unusedFor(record, now, state.config.github.revokeUnusedAfterDays)
    ) {
      return refuse(badCredentials);
    }
    const account = state.accounts.get('github', record.login);
    if (!account) return refuse(badCredentials);
    record.lastUsedAtMs = now;
    return { kind: 'token', record, account };
  };

  const tokenHeaders: GitHubCallers['tokenHeaders'] = (record, rule) => {
    const headers: Record<string, string> = {};
    // Classic tokens list their scopes (present but empty when there are none); fine-grained tokens
    // send no scope header at all (forges.md §1.3).
    if (record.kind === 'classic') {
      headers['x-oauth-scopes'] = record.scopes.join(', ');
      headers['x-accepted-oauth-scopes'] = rule.acceptedScopes.join(', ');
    }
    if (rule.acceptedPermissions !== null)
      headers['x-accepted-github-permissions'] = rule.acceptedPermissions;
    if (record.expiresAtMs !== null) {
      headers['github-authentication-token-expiration'] = expirationHeader(record.expiresAtMs);
    }
    return headers;
  };

  const budget: GitHubCallers['budget'] = (caller, request, spend) => {
    if (caller.kind !== 'token') return { allowed: true, state: ipState(request, spend) };
    const limit = state.config.github.rateLimitPerHour;
    const now = state.clock.nowMs();
    if (spend) return state.limiters.github.consume(userKey(caller.account), limit, now);
    return { allowed: true, state: state.limiters.github.peek(userKey(caller.account), limit, now) };
  };

  return { userKey, ipKey, ipState, presentedToken, identify, tokenHeaders, budget };
}
