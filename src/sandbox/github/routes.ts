import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { headerValue } from '../auth-header.js';
import type { ForgeDialect, ForgeReply } from '../forge-reply.js';
import { sendForgeReply } from '../forge-reply.js';
import type { SandboxState } from '../state.js';
import { privateUserBody, rateLimitBody } from './bodies.js';
import { type Caller, createGitHubCallers } from './caller.js';
import { accepted, authenticatedRefused, credentialsOf, revokeSubmitted } from './credential-revocation.js';
import { registerGitDataRoutes } from './git-data-routes.js';
import { registerPullHookRoutes } from './pull-hook-routes.js';
import { registerRefRoutes } from './ref-routes.js';
import { GitHubRepoContext } from './repo-context.js';
import { registerRepoRoutes } from './repo-routes.js';
import {
  githubError,
  githubRequestId,
  githubStatusReply,
  ipLimitMessage,
  MISSING_USER_AGENT,
  primaryLimitExceeded,
  RATE_LIMIT_DOCS,
  rateLimitHeaders,
} from './responses.js';
import { GITHUB_RULES, type GitHubRule } from './rules.js';
import { subscribePushDeliveries } from './webhook-delivery.js';

/** `X-GitHub-Api-Version` values accepted (forges.md §1.2); anything else is a 400. */
const API_VERSIONS = ['2022-11-28', '2026-03-10'];

/**
 * The GitHub REST API subset the adapters use (forges.md §1.2–1.4, §1.6–1.8): `GET /user`,
 * `GET /rate_limit`, `POST /credentials/revoke` and the repository operations (repo-routes.ts,
 * git-data-routes.ts, ref-routes.ts, pull-hook-routes.ts), with GitHub's headers, its one 401 for
 * every bad token and its per-user budget.
 */
export function createGitHubDialect(state: SandboxState): ForgeDialect {
  const callers = createGitHubCallers(state);
  const { userKey, ipKey, ipState, presentedToken, identify, tokenHeaders, budget } = callers;
  const repoContext = new GitHubRepoContext(state, callers);
  subscribePushDeliveries(repoContext);

  const rateLimitReply = (
    request: FastifyRequest,
    variant: 'primary' | 'secondary',
    status?: number,
  ): ForgeReply => {
    const code = status === 429 || status === 403 ? status : state.config.github.rateLimitStatus;
    const token = presentedToken(request);
    const record = token ? state.tokens.find('github', token) : undefined;
    const account = record ? state.accounts.get('github', record.login) : undefined;
    if (variant === 'secondary') {
      // No header reports secondary limits; `retry-after` tells how long to wait (forges.md §1.7).
      const message = state.config.github.secondaryRateLimitMessage;
      return githubError(code, message, `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`, {
        'retry-after': '60',
      });
    }
    const now = state.clock.nowMs();
    const limit = account
      ? state.config.github.rateLimitPerHour
      : state.config.github.unauthenticatedRateLimitPerHour;
    const key = account ? userKey(account) : ipKey(request);
    const current = state.limiters.github.peek(key, limit, now);
    const headers = rateLimitHeaders({ ...current, used: limit, remaining: 0 });
    return primaryLimitExceeded(
      code,
      account ? `user ID ${account.id}` : ipLimitMessage(request.ip),
      headers,
    );
  };

  const respond = (
    request: FastifyRequest,
    reply: FastifyReply,
    rule: GitHubRule,
    body: (caller: Caller) => Record<string, unknown>,
  ) => {
    const caller = identify(request, rule);
    if (caller.kind === 'refused') return sendForgeReply(reply, caller.answer);
    const headers = caller.kind === 'token' ? tokenHeaders(caller.record, rule) : {};
    const payload = JSON.stringify(body(caller));
    // Conditional requests: a 304 does not count against the primary limit (forges.md §1.7).
    const etag = `W/"${createHash('sha256').update(payload).digest('hex')}"`;
    if (headerValue(request.headers['if-none-match']) === etag) {
      const current = budget(caller, request, false);
      return sendForgeReply(reply, {
        status: 304,
        body: null,
        headers: { ...headers, ...rateLimitHeaders(current.state), etag },
      });
    }
    const spent = budget(caller, request, rule.countsAgainstLimit);
    if (!spent.allowed) {
      const who = caller.kind === 'token' ? `user ID ${caller.account.id}` : ipLimitMessage(request.ip);
      const limited = { ...headers, ...rateLimitHeaders(spent.state) };
      return sendForgeReply(reply, primaryLimitExceeded(state.config.github.rateLimitStatus, who, limited));
    }
    return sendForgeReply(reply, {
      status: 200,
      body: payload,
      contentType: 'application/json; charset=utf-8',
      headers: {
        ...headers,
        ...rateLimitHeaders(spent.state),
        etag,
        'cache-control': 'private, max-age=60, s-maxage=60',
        vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
      },
    });
  };

  /**
   * What a credential revocation spends: without a token the caller IP's unauthenticated budget,
   * shared with every other such call (forges.md §1.6, §1.7: 60/h); with one (GHES) a per-user
   * budget of its own, apart from `core`.
   */
  const revocationBudget = (request: FastifyRequest, caller: Caller) => {
    const now = state.clock.nowMs();
    if (caller.kind === 'token') {
      const limit = state.config.github.authenticatedCredentialRevocationPerHour;
      const key = `credentials-revoke:user:${caller.account.id}`;
      return { ...state.limiters.github.consume(key, limit, now), who: `user ID ${caller.account.id}` };
    }
    const limit = state.config.github.unauthenticatedRateLimitPerHour;
    return { ...state.limiters.github.consume(ipKey(request), limit, now), who: ipLimitMessage(request.ip) };
  };

  /**
   * `POST /credentials/revoke` (forges.md §1.6, §1.10). github.com (`credentialRevocationAuth:
   * 'unauthenticated'`): no token; a valid token → 403 (a bad one → 401, as everywhere). GHES 3.19
   * (`'authenticated'`): a token is required. Then the budget, the body, the revocation, `202`.
   */
  const revokeCredentials = (request: FastifyRequest): ForgeReply => {
    const rule = GITHUB_RULES['POST /credentials/revoke'];
    const authenticated = state.config.github.credentialRevocationAuth === 'authenticated';
    const caller = identify(request, { ...rule, allowsAnonymous: !authenticated });
    if (caller.kind === 'refused') return caller.answer;
    if (caller.kind === 'token' && !authenticated) {
      return authenticatedRefused(rateLimitHeaders(ipState(request, false)));
    }
    const spent = revocationBudget(request, caller);
    const headers = rateLimitHeaders(spent.state);
    if (!spent.allowed) return primaryLimitExceeded(state.config.github.rateLimitStatus, spent.who, headers);
    const credentials = credentialsOf(request.body);
    if (!Array.isArray(credentials))
      return { ...credentials, headers: { ...credentials.headers, ...headers } };
    revokeSubmitted(state, credentials);
    return accepted(headers);
  };

  return {
    forge: 'github',
    errorReply: githubStatusReply,
    rateLimitReply: (request, fault) => rateLimitReply(request, fault.variant ?? 'primary', fault.status),
    notFoundReply: () => githubError(404, 'Not Found'),
    badJsonReply: () => githubError(400, 'Problems parsing JSON'),
    register(app: FastifyInstance) {
      app.addHook('onRequest', async (request, reply) => {
        reply.header('x-github-request-id', githubRequestId());
        reply.header('x-github-media-type', 'github.v3; format=json');
        // The front end refuses requests without a User-Agent before anything else (forges.md §1.2).
        if (!headerValue(request.headers['user-agent'])) return sendForgeReply(reply, MISSING_USER_AGENT);
        const version = headerValue(request.headers['x-github-api-version']);
        if (version !== undefined && !API_VERSIONS.includes(version)) {
          return sendForgeReply(
            reply,
            githubError(
              400,
              `API version ${version} is not supported.`,
              'https://docs.github.com/rest/about-the-rest-api/api-versions',
            ),
          );
        }
        reply.header('x-github-api-version-selected', version ?? API_VERSIONS[0]);
      });

      app.get('/user', (request, reply) =>
        respond(request, reply, GITHUB_RULES['GET /user'], (caller) =>
          caller.kind === 'token' ? privateUserBody(caller.account, state.requireUrls()) : {},
        ),
      );

      app.post('/credentials/revoke', (request, reply) => sendForgeReply(reply, revokeCredentials(request)));

      registerRepoRoutes(app, repoContext);
      registerGitDataRoutes(app, repoContext);
      registerRefRoutes(app, repoContext);
      registerPullHookRoutes(app, repoContext);

      app.get('/rate_limit', (request, reply) =>
        respond(request, reply, GITHUB_RULES['GET /rate_limit'], (caller) =>
          rateLimitBody(budget(caller, request, false).state, caller.kind === 'token', state.clock.nowMs()),
        ),
      );
    },
  };
}
