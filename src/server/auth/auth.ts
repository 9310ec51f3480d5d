import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { fkError } from '../../domain/errors/error.js';
import {
  type AccountsService,
  CSRF_HEADER,
  type Principal,
  requireScope,
  type Scope,
  type SessionAuth,
} from '../../services/accounts/index.js';
import { requireSession } from '../../services/accounts/principal.js';
import { ApiError, orThrow } from '../errors/api-error.js';

/** The session cookie's name. Its value is the session token; only its SHA-256 is stored. */
export const SESSION_COOKIE = 'fk_session';

/** Who made this request and how. Set by `authenticated`; never logged (it holds no secret but the session's CSRF token). */
export interface RequestAuth {
  principal: Principal;
  /** Set when the session cookie authenticated the request; null for an API key. */
  session: SessionAuth | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
}

/** Methods that change something: a cookie-authenticated one needs the CSRF header. */
const WRITES: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a route needs: a scope, or any signed-in caller (`null`). */
export type Requirement = Scope | null;

export interface AuthOptions {
  /** A person at a browser only: an API key is refused (`forbidden`), e.g. new keys, passwords. */
  session?: { what: string };
}

/** What each hook made by `authenticated` asks for: read by the OpenAPI document (docs/security.ts). */
export interface RouteAuth {
  need: Requirement;
  sessionOnly: boolean;
}

const routeAuths = new WeakMap<object, RouteAuth>();

/** The requirement of an `onRequest` hook (or list of hooks) made by `authenticated`; null: none. */
export function routeAuthOf(hooks: unknown): RouteAuth | null {
  const list: unknown[] = Array.isArray(hooks) ? hooks : [hooks];
  for (const hook of list) {
    const found = typeof hook === 'function' ? routeAuths.get(hook) : undefined;
    if (found !== undefined) return found;
  }
  return null;
}

/**
 * An onRequest hook (before the body is even parsed) that authenticates the request — `Authorization: Bearer fk_…` (an API key) or the
 * session cookie — and checks CSRF on cookie writes and the route's scope. The bearer wins when
 * both are sent: a program that also holds a cookie acts as its key, which needs no CSRF token.
 */
export function authenticated(
  accounts: AccountsService,
  need: Requirement,
  options: AuthOptions = {},
): onRequestAsyncHookHandler {
  const hook = async (request: FastifyRequest, _reply: FastifyReply) => {
    const auth = await authenticate(accounts, request);
    if (auth.session !== null && WRITES.has(request.method)) {
      orThrow(accounts.verifyCsrf(auth.session, headerOf(request, CSRF_HEADER)));
    }
    if (options.session !== undefined) orThrow(requireSession(auth.principal, options.session.what));
    if (need !== null) orThrow(requireScope(auth.principal, need));
    request.auth = auth;
  };
  routeAuths.set(hook, { need, sessionOnly: options.session !== undefined });
  return hook;
}

/** The route's caller; only for routes behind `authenticated`. */
export function authOf(request: FastifyRequest): RequestAuth {
  if (request.auth === null) throw new ApiError(fkError('unauthenticated'));
  return request.auth;
}

/** The caller's session; `forbidden` for an API key (new keys, passwords: a person at a browser). */
export function sessionOf(request: FastifyRequest, what: string): SessionAuth {
  const auth = authOf(request);
  orThrow(requireSession(auth.principal, what));
  if (auth.session === null) throw new ApiError(fkError('forbidden'));
  return auth.session;
}

async function authenticate(accounts: AccountsService, request: FastifyRequest): Promise<RequestAuth> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    // Whatever the scheme, a wrong header is `unauthenticated`; the service never echoes the key.
    const principal = orThrow(await accounts.authenticateApiKey(authorization));
    return { principal, session: null };
  }
  const token = sessionTokenOf(request);
  if (token === null) throw new ApiError(fkError('unauthenticated'));
  const session = orThrow(await accounts.authenticateSession(token));
  return { principal: session.principal, session };
}

export function sessionTokenOf(request: FastifyRequest): string | null {
  const value = request.cookies[SESSION_COOKIE];
  return typeof value === 'string' && value !== '' ? value : null;
}

function headerOf(request: FastifyRequest, name: string): string | null {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : null;
}
