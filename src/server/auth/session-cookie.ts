import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginResult } from '../../services/accounts/index.js';
import { SESSION_COOKIE } from './auth.js';

/**
 * Sets the session cookie (docs/accounts.md "Cookies"): HttpOnly, SameSite=Lax, Path=/, no Domain,
 * `Secure` when the request came over HTTPS — `request.protocol` honours X-Forwarded-Proto only
 * when the proxy is trusted. Max-Age follows the session's absolute end.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, login: LoginResult): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(login.expiresAt) - Date.now()) / 1000));
  reply.setCookie(SESSION_COOKIE, login.sessionToken.reveal(), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
    maxAge,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
  });
}
