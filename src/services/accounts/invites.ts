import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import { Secret } from '../../domain/secret.js';
import type { StoreTx, UserRecord } from '../../store/index.js';
import { type AccountsContext, audit, isoAt } from './context.js';
import { checkNewAccount, checkNewPassword } from './credential-rules.js';
import { newOneTimeCode, normalizeOneTimeCode, oneTimeCodeHash } from './one-time-code.js';
import { auditActor, type Principal } from './principal.js';
import type { AccountsResult, Invitation, InviteInput, RedeemInviteInput, UserView } from './types.js';
import { usernameTaken } from './users.js';
import { toUserView } from './views.js';

/**
 * An administrator invites a user: the account is created without a password, and a one-time code
 * (shown once, valid `inviteTtlMs`) lets the invitee set one. Nobody but the invitee then knows
 * the password. Inviting a username that is still only invited replaces its old code.
 */
export async function invite(
  ctx: AccountsContext,
  actor: Principal,
  input: InviteInput,
): AccountsResult<Invitation> {
  const account = checkNewAccount(actor, input);
  if (!account.ok) return account;
  const { username, displayName } = account.value;
  const code = newOneTimeCode();
  const expiresAt = isoAt(ctx, ctx.policy.inviteTtlMs);

  const invited = await ctx.store.transaction(async (tx) => {
    const user = await invitedUser(ctx, tx, {
      ...input,
      username: username,
      displayName: displayName,
    });
    if (!user.ok) return user;
    const inserted = await tx.oneTimeCodes.insert({
      codeHash: oneTimeCodeHash(normalizeOneTimeCode(code)!),
      purpose: 'invite',
      userId: user.value.id,
      createdAt: isoAt(ctx),
      expiresAt,
    });
    if (!inserted.ok) return inserted;
    const audited = await audit(ctx, tx, {
      ownerId: user.value.id,
      actor: auditActor(actor),
      action: 'user_invite',
      target: user.value.username,
    });
    return audited.ok ? user : audited;
  });
  if (!invited.ok) return invited;
  return ok({ user: toUserView(invited.value), code: new Secret(code), expiresAt });
}

/** Sets the invited user's password; the code works once. */
export async function redeemInvite(ctx: AccountsContext, input: RedeemInviteInput): AccountsResult<UserView> {
  const code = normalizeOneTimeCode(input.code);
  if (code === null) return err(fkError('invite_invalid'));
  const codeHash = oneTimeCodeHash(code);
  const found = await ctx.store.oneTimeCodes.find('invite', codeHash, isoAt(ctx));
  if (!found.ok) return found;
  const userId = found.value?.userId ?? null;
  if (userId === null) return err(fkError('invite_invalid'));
  const user = await ctx.store.users.get(userId);
  if (!user.ok) return user;
  const password = checkNewPassword(input.password, user.value.username);
  if (!password.ok) return password;
  const passwordHash = await ctx.hasher.hash(password.value);

  const updated = await ctx.store.transaction(async (tx) => {
    const now = isoAt(ctx);
    // Consumed inside the transaction: of two racing redeemers one sets the password.
    const consumed = await tx.oneTimeCodes.consume('invite', codeHash, now);
    if (!consumed.ok) return consumed;
    if (consumed.value === null) return err(fkError('invite_invalid'));
    const set = await tx.users.setPassword(userId, passwordHash, now);
    if (!set.ok) return set;
    const audited = await audit(ctx, tx, { ownerId: userId, actor: userId, action: 'invite_redeem' });
    return audited.ok ? set : audited;
  });
  return updated.ok ? ok(toUserView(updated.value)) : updated;
}

/** The new user, or the existing one when it is still waiting for its password (its old code goes). */
async function invitedUser(ctx: AccountsContext, tx: StoreTx, input: InviteInput & { displayName: string }) {
  const existing = await tx.users.credentials(input.username);
  if (!existing.ok) return existing;
  if (existing.value !== null) {
    const user: UserRecord = existing.value.user;
    if (user.hasPassword) return err(usernameTaken(input.username));
    const cleared = await tx.oneTimeCodes.deleteAll('invite', user.id);
    return cleared.ok ? ok(user) : cleared;
  }
  const created = await tx.users.insert({
    id: tx.newId(),
    username: input.username,
    displayName: input.displayName,
    role: input.role ?? 'user',
    passwordHash: null,
    createdAt: isoAt(ctx),
  });
  if (!created.ok && created.error.code === 'conflict') return err(usernameTaken(input.username));
  return created;
}
