import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import type { UserCredentials } from '../../store/index.js';
import { type AccountsContext, audit } from './context.js';
import { MAX_PASSWORD_LENGTH, normalizePassword } from './credential-rules.js';
import { csrfTokenFor } from './csrf.js';
import { issueSession, sessionSecret, sessionView } from './sessions.js';
import { setupState } from './setup.js';
import { checkLocked, recordFailure, type ThrottleKey } from './throttle.js';
import { ipThrottleKey, usernameThrottleKey } from './throttle-keys.js';
import type { AccountsResult, LoginInput, LoginResult } from './types.js';
import { toUserView } from './views.js';

/**
 * Signs a user in. Unknown usernames, disabled users, invited users without a password and wrong
 * passwords all answer the same `invalid_credentials`, after the same argon2 work (a dummy hash
 * is verified when there is no real one), so neither the answer nor its timing tells whether an
 * account exists. Failures count per username and per address; a locked key answers
 * `login_locked` before any password is checked.
 */
export async function login(ctx: AccountsContext, input: LoginInput): AccountsResult<LoginResult> {
  const state = await setupState(ctx);
  if (!state.ok) return state;
  if (state.value === 'needs_setup') return err(fkError('setup_required'));

  const userKey: ThrottleKey = {
    key: usernameThrottleKey(input.username),
    limit: ctx.policy.usernameFailureLimit,
  };
  const keys = [userKey, { key: ipThrottleKey(input.ip), limit: ctx.policy.ipFailureLimit }];
  const locked = await checkLocked(ctx, keys);
  if (!locked.ok) return locked;

  const found = input.username.length <= 128 ? await ctx.store.users.credentials(input.username) : ok(null);
  if (!found.ok) return found;
  // No stored password is longer than MAX_PASSWORD_LENGTH; a huge one is not worth normalising.
  const tooLong = input.password.length > MAX_PASSWORD_LENGTH * 4;
  const password = tooLong ? '' : normalizePassword(input.password);
  const credentials = tooLong ? null : found.value;
  const verified = await verifyPassword(ctx, credentials, password);
  if (!verified || credentials === null) {
    const counted = await recordFailure(ctx, keys);
    if (!counted.ok) return counted;
    if (credentials !== null) {
      const user = credentials.user;
      await audit(ctx, ctx.store, {
        ownerId: user.id,
        actor: user.id,
        action: 'login',
        outcome: 'error',
        errorCode: 'invalid_credentials',
      });
    }
    return err(fkError('invalid_credentials'));
  }

  const user = credentials.user;
  const cleared = await ctx.store.loginThrottle.clear(userKey.key);
  if (!cleared.ok) return cleared;
  await rehashIfOutdated(ctx, credentials, password);
  const issued = await ctx.store.transaction(async (tx) => {
    const session = await issueSession(ctx, tx, user);
    if (!session.ok) return session;
    const audited = await audit(ctx, tx, { ownerId: user.id, actor: user.id, action: 'login' });
    return audited.ok ? session : audited;
  });
  if (!issued.ok) return issued;
  const view = sessionView(ctx, issued.value.record);
  return ok({
    sessionToken: sessionSecret(issued.value),
    csrfToken: csrfTokenFor(issued.value.token),
    sessionId: view.id,
    expiresAt: view.expiresAt,
    idleExpiresAt: view.idleExpiresAt,
    user: toUserView(user),
  });
}

async function verifyPassword(
  ctx: AccountsContext,
  credentials: UserCredentials | null,
  password: string,
): Promise<boolean> {
  const hash = credentials?.passwordHash ?? null;
  if (credentials === null || hash === null || credentials.user.disabled) {
    return ctx.hasher.verifyDummy(password);
  }
  return ctx.hasher.verify(hash, password);
}

/** After the parameters were raised, each user's next login upgrades their hash. Best effort. */
async function rehashIfOutdated(ctx: AccountsContext, credentials: UserCredentials, password: string) {
  if (credentials.passwordHash === null || !ctx.hasher.needsRehash(credentials.passwordHash)) return;
  const passwordHash = await ctx.hasher.hash(password);
  const changedAt = credentials.user.passwordChangedAt ?? credentials.user.createdAt;
  await ctx.store.users.setPassword(credentials.user.id, passwordHash, changedAt);
}
