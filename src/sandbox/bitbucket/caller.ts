import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxAccount } from '../accounts.js';
import { headerValue, parseAuthorization } from '../auth-header.js';
import { type ForgeReply, sendForgeReply } from '../forge-reply.js';
import type { SandboxState } from '../state.js';
import { isExpired, isRevoked, type TokenRecord } from '../tokens.js';
import { appPasswordRemoved, inBrownout } from './app-passwords.js';
import { invalidCredentials, lacksScopes, rateLimited } from './responses.js';
import { BITBUCKET_RULES, type BitbucketEndpoint, type BitbucketRule, missingScopes } from './rules.js';

/**
 * Who is calling, once the credentials worked. Access tokens act as their own pseudo-user
 * (forges.md §3.1: "access tokens act as their own pseudo-user"); the sandbox keeps an account for
 * their login too, so both kinds carry one.
 */
export interface BitbucketActor {
  kind: 'user' | 'access_token';
  record: TokenRecord;
  account: SandboxAccount;
}

type Caller = BitbucketActor | { kind: 'refused'; answer: ForgeReply };

/** What a guarded route does once the caller, the budget and the rule's scopes are settled. */
export type BitbucketHandler = (
  actor: BitbucketActor,
  request: FastifyRequest,
  reply: FastifyReply,
) => ForgeReply | Promise<ForgeReply>;

export interface BitbucketGuard {
  /** Wraps a handler with identification, credential headers, rate limit and the rule's scopes. */
  guarded(
    endpoint: BitbucketEndpoint,
    handle: BitbucketHandler,
  ): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;
  /** A 403 naming `required` when the actor lacks any of them (scopes a request's body adds), else null. */
  requireScopes(
    actor: BitbucketActor,
    apiTokenScopes: readonly string[],
    classicScopes: readonly string[],
  ): ForgeReply | null;
}

/**
 * Bitbucket Cloud's caller identification (forges.md §3.1–3.5, §3.7), shared by every route: API
 * tokens only as Basic `email:token`; app passwords as Basic `username:password` until their
 * removal; access tokens as Bearer.
 */
export function createBitbucketGuard(state: SandboxState): BitbucketGuard {
  const usable = (record: TokenRecord) => !isRevoked(record) && !isExpired(record, state.clock.nowMs());
  const refused: Caller = { kind: 'refused', answer: invalidCredentials() };

  const identify = (request: FastifyRequest): Caller => {
    const credential = parseAuthorization(headerValue(request.headers.authorization));
    if (credential === null || credential.scheme === 'other') return refused;
    if (credential.scheme !== 'basic') {
      if (credential.scheme === 'token') return refused;
      const record = state.tokens.find('bitbucket', credential.token);
      // Only access (and OAuth) tokens are Bearer tokens; an API token sent as Bearer is refused.
      if (record?.kind !== 'access_token' || !usable(record)) return refused;
      const account = state.accounts.get('bitbucket', record.login);
      return account ? { kind: 'access_token', record, account } : refused;
    }
    const record = state.tokens.find('bitbucket', credential.password);
    if (!record || !usable(record)) return refused;
    const account = state.accounts.get('bitbucket', record.login);
    if (!account) return refused;
    const user = credential.username.toLowerCase();
    if (record.kind === 'api_token') {
      // REST wants the Atlassian account email; the username gives 401 (forges.md §3.4). A token
      // created without scopes does not work for Bitbucket at all (§3.1).
      if (user !== account.email.toLowerCase() || record.scopes.length === 0) return refused;
      return { kind: 'user', record, account };
    }
    if (record.kind === 'app_password') {
      const now = state.clock.nowMs();
      const config = state.config.bitbucket;
      if (user !== account.login.toLowerCase()) return refused;
      if (appPasswordRemoved(now, config.appPasswordRemovalDate)) return refused;
      if (config.appPasswordBrownouts && inBrownout(now)) return refused;
      return { kind: 'user', record, account };
    }
    // Access tokens go in Bearer for REST; `x-token-auth` Basic is for git only.
    return refused;
  };

  /** `x-credential-type` and `x-oauth-scopes` (forges.md §3.4), on every authenticated answer. */
  const credentialHeaders = (record: TokenRecord): Record<string, string> => {
    const headers: Record<string, string> = { 'x-oauth-scopes': record.scopes.join(', ') };
    const type =
      record.kind === 'api_token'
        ? 'api_token'
        : record.kind === 'access_token'
          ? record.credentialType
          : state.config.bitbucket.appPasswordCredentialType;
    if (type) headers['x-credential-type'] = type;
    return headers;
  };

  /** Rolling-hour budget per user and resource group (forges.md §3.7). */
  const spend = (rule: BitbucketRule, key: string): boolean => {
    const config = state.config.bitbucket;
    const limit =
      rule.rateLimitGroup === 'repositories'
        ? config.repositoriesRateLimitPerHour
        : config.userRateLimitPerHour;
    // Counted even when not limited, so a limit configured later sees the past hour.
    const effective = limit ?? Number.MAX_SAFE_INTEGER;
    const spent = state.limiters.bitbucket.consume(
      `${rule.rateLimitGroup}:${key}`,
      effective,
      state.clock.nowMs(),
    );
    return spent.allowed;
  };

  const requireScopes: BitbucketGuard['requireScopes'] = (actor, apiTokenScopes, classicScopes) => {
    const classic = actor.record.kind !== 'api_token';
    const required = classic ? classicScopes : apiTokenScopes;
    // API-token scopes do not imply each other; classic ones do (forges.md §3.5).
    if (missingScopes(actor.record.scopes, required, classic).length === 0) return null;
    return lacksScopes(actor.record.scopes, required);
  };

  const guarded: BitbucketGuard['guarded'] = (endpoint, handle) => async (request, reply) => {
    const rule: BitbucketRule = BITBUCKET_RULES[endpoint];
    const caller = identify(request);
    if (caller.kind === 'refused') return sendForgeReply(reply, caller.answer);
    reply.headers(credentialHeaders(caller.record));
    const key = caller.kind === 'user' ? caller.account.uuid : caller.record.id;
    if (!spend(rule, key)) return sendForgeReply(reply, rateLimited());
    const classic = caller.record.kind !== 'api_token';
    const required = classic ? rule.classicScopes : rule.apiTokenScopes;
    if (caller.kind === 'access_token' && !rule.allowsAccessTokens) {
      // Valid, but not a user (forges.md §3.4). UNCERTAIN body; the scope form is what `/user`'s
      // `account` requirement produces for a credential that cannot hold it.
      return sendForgeReply(reply, lacksScopes(caller.record.scopes, required));
    }
    const lacking = requireScopes(caller, rule.apiTokenScopes, rule.classicScopes);
    if (lacking) return sendForgeReply(reply, lacking);
    caller.record.lastUsedAtMs = state.clock.nowMs();
    return sendForgeReply(reply, await handle(caller, request, reply));
  };

  return { guarded, requireScopes };
}
