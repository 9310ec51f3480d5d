import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { StoreTx, UserRecord } from '../../store/index.js';
import { type AccountsContext, audit, isoAt } from './context.js';
import { checkNewAccount, checkNewPassword } from './credential-rules.js';
import { auditActor, type Principal, requireScope } from './principal.js';
import { usernameThrottleKey } from './throttle-keys.js';
import type { AccountsResult, CreateUserInput, UserView } from './types.js';
import { toUserView } from './views.js';

/** An administrator creates a user with a password they pass on (an invitation avoids that). */
export async function createUser(
  ctx: AccountsContext,
  actor: Principal,
  input: CreateUserInput,
): AccountsResult<UserView> {
  const account = checkNewAccount(actor, input);
  if (!account.ok) return account;
  const { username, displayName } = account.value;
  const password = checkNewPassword(input.password, username);
  if (!password.ok) return password;
  const passwordHash = await ctx.hasher.hash(password.value);
  const id = ctx.store.newId();

  const created = await ctx.store.transaction(async (tx) => {
    const user = await tx.users.insert({
      id,
      username: username,
      displayName: displayName,
      role: input.role ?? 'user',
      passwordHash,
      createdAt: isoAt(ctx),
    });
    if (!user.ok) return user.error.code === 'conflict' ? err(usernameTaken(username)) : user;
    const audited = await audit(ctx, tx, {
      ownerId: id,
      actor: auditActor(actor),
      action: 'user_create',
      target: username,
    });
    return audited.ok ? user : audited;
  });
  return created.ok ? ok(toUserView(created.value)) : created;
}

export async function listUsers(ctx: AccountsContext, actor: Principal): AccountsResult<UserView[]> {
  const allowed = requireScope(actor, 'admin');
  if (!allowed.ok) return allowed;
  const users = await ctx.store.users.list();
  return users.ok ? ok(users.value.map(toUserView)) : users;
}

/**
 * Disables or enables a user. Disabling ends their sessions at once; their API keys are refused
 * while the user is disabled. An administrator cannot disable themselves, nor the last active
 * administrator: the server would have nobody left to manage it.
 */
export async function setUserDisabled(
  ctx: AccountsContext,
  actor: Principal,
  userId: string,
  disabled: boolean,
): AccountsResult<UserView> {
  const allowed = requireScope(actor, 'admin');
  if (!allowed.ok) return allowed;
  if (disabled && userId === actor.userId) {
    return err(fkError('conflict', { message: 'You cannot disable your own account.' }));
  }
  const updated = await ctx.store.transaction(async (tx) => {
    const user = await tx.users.setDisabled(userId, disabled);
    if (!user.ok) return user;
    const guarded = disabled ? await keepOneAdmin(tx, user.value) : ok(undefined);
    if (!guarded.ok) return guarded;
    const ended = disabled ? await tx.sessions.deleteForUser(userId) : ok(0);
    if (!ended.ok) return ended;
    const audited = await audit(ctx, tx, {
      ownerId: userId,
      actor: auditActor(actor),
      action: disabled ? 'user_disable' : 'user_enable',
      target: user.value.username,
    });
    return audited.ok ? user : audited;
  });
  // Whatever the outcome: a cached key of this user must not outlive the change.
  ctx.apiKeyCache.forgetUser(userId);
  return updated.ok ? ok(toUserView(updated.value)) : updated;
}

/** Lifts the sign-in pause of `username`. The pause of an address stays: it may be an attacker's. */
export async function clearLoginLockout(
  ctx: AccountsContext,
  actor: Principal,
  username: string,
): AccountsResult<void> {
  const allowed = requireScope(actor, 'admin');
  if (!allowed.ok) return allowed;
  return ctx.store.loginThrottle.clear(usernameThrottleKey(username));
}

export function usernameTaken(username: string): FkError {
  return fkError('conflict', {
    message: `The username ${username} is taken (usernames ignore case).`,
    remediation: 'Choose another username.',
  });
}

/** Inside the transaction that disabled `user`: counts what is left. */
async function keepOneAdmin(tx: StoreTx, user: UserRecord): Promise<Result<void, FkError>> {
  if (user.role !== 'admin') return ok(undefined);
  const admins = await tx.users.countActiveAdmins();
  if (!admins.ok) return admins;
  if (admins.value > 0) return ok(undefined);
  return err(
    fkError('conflict', {
      message: 'This is the last active administrator; the server needs one.',
      remediation: 'Create (or enable) another administrator first.',
    }),
  );
}
