import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxAccount } from '../accounts.js';
import { headerValue, parseAuthorization } from '../auth-header.js';
import { MINUTE_MS } from '../clock.js';
import { type ForgeReply, sendForgeReply } from '../forge-reply.js';
import type { SandboxState } from '../state.js';
import { isExpired, isRevoked, type TokenRecord } from '../tokens.js';
import {
  BAD_TOKEN_DESCRIPTION,
  EXPIRED_DESCRIPTION,
  gitlabStatusReply,
  insufficientScope,
  invalidToken,
  REVOKED_DESCRIPTION,
  type ThrottleName,
  throttled,
  throttleHeaders,
  UNAUTHORIZED,
} from './responses.js';
import { GITLAB_RULES, type GitLabEndpoint } from './rules.js';

/** The caller behind a request, once its token checked out. */
export interface GitLabCaller {
  record: TokenRecord;
  account: SandboxAccount;
}

/** A route body: gets the checked caller, answers as data (async for the routes that touch git). */
export type GitLabHandler = (
  request: FastifyRequest,
  caller: GitLabCaller,
) => ForgeReply | Promise<ForgeReply>;

/** Wraps a handler in GitLab's throttle, token and scope checks for one endpoint of `GITLAB_RULES`. */
export type GitLabGuard = (
  endpoint: GitLabEndpoint,
  handle: GitLabHandler,
) => (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** `PRIVATE-TOKEN`, then `?private_token=`, then `Authorization: Bearer` (forges.md §2.2). */
function presentedToken(request: FastifyRequest): string | null {
  const header = headerValue(request.headers['private-token']);
  if (header) return header;
  const query = request.query;
  if (
    query &&
    typeof query === 'object' &&
    'private_token' in query &&
    typeof query.private_token === 'string'
  ) {
    return query.private_token;
  }
  const credential = parseAuthorization(headerValue(request.headers.authorization));
  return credential?.scheme === 'bearer' ? credential.token : null;
}

/**
 * Caller identification shared by every GitLab route (forges.md §2.2–2.7): Rack::Attack throttles
 * first, then the API guard tells missing, unknown, expired and revoked tokens apart, then the
 * endpoint's scopes are checked. One per sandbox: it reads the state's config on every request.
 */
export function createGitLabGuard(state: SandboxState): {
  guarded: GitLabGuard;
  rateLimitReply: (request: FastifyRequest) => ForgeReply;
} {
  const throttle = (request: FastifyRequest, reply: FastifyReply, record: TokenRecord | undefined) => {
    const now = state.clock.nowMs();
    const config = state.config.gitlab;
    const active = record && !isRevoked(record) && !isExpired(record, now);
    const account = active ? state.accounts.get('gitlab', record.login) : undefined;
    const name: ThrottleName = account ? 'throttle_authenticated_api' : 'throttle_unauthenticated_api';
    const key = account ? `user:${account.id}` : `ip:${request.ip}`;
    const limit = account ? config.rateLimitPerMinute : config.unauthenticatedRateLimitPerMinute;
    // Rack::Attack counts the request before comparing, so refused requests are observed too.
    const spent = state.limiters.gitlab.consume(key, limit, now, true);
    if (!spent.allowed) return throttled(name, spent.state, now, config.throttledBody);
    reply.headers(throttleHeaders(name, spent.state));
    return null;
  };

  const allowedScopes = (endpoint: GitLabEndpoint): readonly string[] | 'any' => {
    const { scopes } = GITLAB_RULES[endpoint];
    return scopes === 'config:selfScopes' ? state.config.gitlab.selfScopes : scopes;
  };

  /** `last_used_at` moves at most every N minutes (forges.md §2.3). */
  const markUsed = (record: TokenRecord, ip: string, now: number) => {
    const refreshMs = state.config.gitlab.lastUsedRefreshMinutes * MINUTE_MS;
    if (record.lastUsedAtMs === null || now - record.lastUsedAtMs >= refreshMs) {
      record.lastUsedAtMs = now;
      record.lastUsedIps = [ip];
    }
  };

  const authenticate = (
    request: FastifyRequest,
    endpoint: GitLabEndpoint,
    token: string | null,
    record: TokenRecord | undefined,
  ): ForgeReply | GitLabCaller => {
    if (token === null) return UNAUTHORIZED;
    if (!record) {
      return state.config.gitlab.unknownTokenBody === '401-unauthorized'
        ? UNAUTHORIZED
        : invalidToken(BAD_TOKEN_DESCRIPTION);
    }
    const now = state.clock.nowMs();
    // AccessTokenValidationService checks expiry before revocation.
    if (isExpired(record, now)) return invalidToken(EXPIRED_DESCRIPTION);
    if (isRevoked(record)) {
      // Reuse detection: presenting a revoked token to rotate revokes its whole family (forges.md §2.6).
      if (endpoint === 'POST /personal_access_tokens/self/rotate') {
        for (const member of state.tokens.family(record.familyId)) member.state = 'revoked';
      }
      return invalidToken(REVOKED_DESCRIPTION);
    }
    const account = state.accounts.get('gitlab', record.login);
    if (!account) return UNAUTHORIZED;
    const scopes = allowedScopes(endpoint);
    if (scopes !== 'any' && !record.scopes.some((scope) => scopes.includes(scope))) {
      return insufficientScope(scopes, state.config.gitlab.insufficientScopeFormat);
    }
    markUsed(record, request.ip, now);
    return { record, account };
  };

  const guarded: GitLabGuard = (endpoint, handle) => async (request, reply) => {
    const token = presentedToken(request);
    const record = token === null ? undefined : state.tokens.find('gitlab', token);
    const limited = throttle(request, reply, record);
    if (limited) return sendForgeReply(reply, limited);
    const caller = authenticate(request, endpoint, token, record);
    if ('status' in caller) return sendForgeReply(reply, caller);
    let answer: ForgeReply;
    try {
      answer = await handle(request, caller);
    } catch {
      // A git failure inside the sandbox is GitLab's 500, never a stack trace.
      answer = gitlabStatusReply(500);
    }
    return sendForgeReply(reply, answer);
  };

  const rateLimitReply = (request: FastifyRequest): ForgeReply => {
    const token = presentedToken(request);
    const record = token === null ? undefined : state.tokens.find('gitlab', token);
    const account = record ? state.accounts.get('gitlab', record.login) : undefined;
    const now = state.clock.nowMs();
    const limit = account
      ? state.config.gitlab.rateLimitPerMinute
      : state.config.gitlab.unauthenticatedRateLimitPerMinute;
    const window = state.limiters.gitlab.peek(
      account ? `user:${account.id}` : `ip:${request.ip}`,
      limit,
      now,
    );
    const name: ThrottleName = account ? 'throttle_authenticated_api' : 'throttle_unauthenticated_api';
    return throttled(
      name,
      { ...window, used: limit + 1, remaining: 0 },
      now,
      state.config.gitlab.throttledBody,
    );
  };

  return { guarded, rateLimitReply };
}
