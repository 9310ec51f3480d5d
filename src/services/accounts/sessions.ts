import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { Secret } from '../../domain/secret.js';
import type { SessionRecord, StoreTx, UserRecord } from '../../store/index.js';
import { type AccountsContext, audit, isoAt } from './context.js';
import { csrfTokenFor } from './csrf.js';
import { type Principal, scopesForRole } from './principal.js';
import { digestsEqual, randomToken, sha256Hex } from './secrets.js';
import type { AccountsResult, SessionAuth, SessionView } from './types.js';

const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedSession {
  token: string;
  record: SessionRecord;
}

/** A new session for `user`: a random 256-bit token, of which only the SHA-256 is stored. */
export async function issueSession(
  ctx: AccountsContext,
  tx: StoreTx,
  user: UserRecord,
): Promise<Result<IssuedSession, FkError>> {
  const token = randomToken();
  const now = isoAt(ctx);
  const record = await tx.sessions.insert({
    id: tx.newId(),
    userId: user.id,
    tokenHash: sha256Hex(token),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: isoAt(ctx, ctx.policy.sessionLifetimeMs),
  });
  return record.ok ? ok({ token, record: record.value }) : record;
}

/**
 * The session of a cookie's token, or `unauthenticated`: unknown, signed out, past its absolute
 * end, idle too long, or its user disabled. An ended session is deleted on the way. Last-seen is
 * written at most once per `touchIntervalMs`, not on every request.
 */
export async function authenticateSession(ctx: AccountsContext, token: string): AccountsResult<SessionAuth> {
  if (typeof token !== 'string' || !SESSION_TOKEN.test(token)) return err(unauthenticated());
  const tokenHash = sha256Hex(token);
  const found = await ctx.store.sessions.findByTokenHash(tokenHash);
  if (!found.ok) return found;
  const session = found.value;
  // The index lookup already matched; comparing again in constant time costs nothing.
  if (session === null || !digestsEqual(session.tokenHash, tokenHash)) return err(unauthenticated());
  const now = ctx.now().getTime();
  if (now >= Date.parse(session.expiresAt) || now >= idleEnd(ctx, session)) {
    await ctx.store.sessions.delete(session.id);
    return err(unauthenticated('The session has ended; sign in again.'));
  }
  const user = await ctx.store.users.get(session.userId);
  if (!user.ok) return user.error.code === 'not_found' ? err(unauthenticated()) : user;
  if (user.value.disabled) return err(unauthenticated());

  let lastSeenAt = session.lastSeenAt;
  if (now - Date.parse(lastSeenAt) >= ctx.policy.touchIntervalMs) {
    lastSeenAt = isoAt(ctx);
    // A failed touch only makes the idle limit come a minute early; the request may go on.
    await ctx.store.sessions.touch(session.id, lastSeenAt, isoAt(ctx, -ctx.policy.touchIntervalMs));
  }
  return ok({
    principal: sessionPrincipal(user.value),
    session: sessionView(ctx, { ...session, lastSeenAt }),
    csrfToken: csrfTokenFor(token),
  });
}

/** Ends the session of `token`; answers ok for an unknown or ended one too (logging out twice is fine). */
export async function logout(ctx: AccountsContext, token: string): AccountsResult<void> {
  if (typeof token !== 'string' || !SESSION_TOKEN.test(token)) return ok(undefined);
  const found = await ctx.store.sessions.findByTokenHash(sha256Hex(token));
  if (!found.ok) return found;
  const session = found.value;
  if (session === null) return ok(undefined);
  return ctx.store.transaction(async (tx) => {
    const deleted = await tx.sessions.delete(session.id);
    if (!deleted.ok) return deleted;
    return audit(ctx, tx, { ownerId: session.userId, actor: session.userId, action: 'logout' });
  });
}

export function sessionPrincipal(user: UserRecord): Principal {
  return {
    userId: user.id,
    ownerId: user.id,
    username: user.username,
    role: user.role,
    via: 'session',
    apiKeyId: null,
    scopes: scopesForRole(user.role),
  };
}

export function sessionView(ctx: AccountsContext, session: SessionRecord): SessionView {
  return {
    id: session.id,
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    expiresAt: session.expiresAt,
    idleExpiresAt: new Date(Math.min(idleEnd(ctx, session), Date.parse(session.expiresAt))).toISOString(),
  };
}

/** A new login's token, wrapped so that printing the answer prints a mask. */
export function sessionSecret(issued: IssuedSession): Secret {
  return new Secret(issued.token);
}

function idleEnd(ctx: AccountsContext, session: SessionRecord): number {
  return Date.parse(session.lastSeenAt) + ctx.policy.sessionIdleMs;
}

export function unauthenticated(message?: string): FkError {
  return fkError('unauthenticated', message === undefined ? {} : { message });
}
