import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import { type AccountsContext, audit, isoAt } from './context.js';
import { checkNewPassword, normalizePassword } from './credential-rules.js';
import { requireSession } from './principal.js';
import { checkLocked, recordFailure } from './throttle.js';
import { usernameThrottleKey } from './throttle-keys.js';
import type { AccountsResult, ChangePasswordInput, SessionAuth } from './types.js';

/**
 * Changes the signed-in user's password. The current password is required (a session left open
 * on a shared computer must not be enough), and wrong guesses count towards the username's
 * lockout like failed logins. Every other session of the user ends; this one stays. API keys stay:
 * they are separate credentials, revoked one by one.
 */
export async function changePassword(
  ctx: AccountsContext,
  auth: SessionAuth,
  input: ChangePasswordInput,
): AccountsResult<{ revokedSessions: number }> {
  const { principal } = auth;
  const session = requireSession(principal, 'Changing the password');
  if (!session.ok) return session;
  const keys = [{ key: usernameThrottleKey(principal.username), limit: ctx.policy.usernameFailureLimit }];
  const locked = await checkLocked(ctx, keys);
  if (!locked.ok) return locked;

  const stored = await ctx.store.users.passwordHash(principal.userId);
  if (!stored.ok) return stored;
  const current = normalizePassword(input.currentPassword);
  const verified =
    stored.value === null
      ? await ctx.hasher.verifyDummy(current)
      : await ctx.hasher.verify(stored.value, current);
  if (!verified) {
    const counted = await recordFailure(ctx, keys);
    if (!counted.ok) return counted;
    return err(fkError('invalid_credentials', { message: 'The current password is wrong.' }));
  }
  const next = checkNewPassword(input.newPassword, principal.username);
  if (!next.ok) return next;
  const passwordHash = await ctx.hasher.hash(next.value);

  return ctx.store.transaction(async (tx) => {
    const now = isoAt(ctx);
    const set = await tx.users.setPassword(principal.userId, passwordHash, now);
    if (!set.ok) return set;
    const revoked = await tx.sessions.deleteForUser(principal.userId, auth.session.id);
    if (!revoked.ok) return revoked;
    const audited = await audit(ctx, tx, {
      ownerId: principal.ownerId,
      actor: principal.userId,
      action: 'password_change',
    });
    return audited.ok ? ok({ revokedSessions: revoked.value }) : audited;
  });
}
