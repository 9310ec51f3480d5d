import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import { Secret } from '../../domain/secret.js';
import { type AccountsContext, audit, isoAt } from './context.js';
import { checkDisplayName, checkNewPassword, checkUsername } from './credential-rules.js';
import { newOneTimeCode, normalizeOneTimeCode, oneTimeCodeHash } from './one-time-code.js';
import type { AccountsResult, CompleteSetupInput, IssuedSetupCode, SetupState, UserView } from './types.js';
import { toUserView } from './views.js';

export const SETUP_ACTOR = 'setup';

export async function setupState(ctx: AccountsContext): AccountsResult<SetupState> {
  const setup = await ctx.store.setup.get();
  if (!setup.ok) return setup;
  return ok(setup.value === null ? 'needs_setup' : 'ready');
}

/**
 * Issues a setup code, or answers the one this process issued while it is unexpired. Several
 * processes sharing a database each issue (and log) their own; any unexpired one works, and
 * completing setup deletes them all.
 */
export async function issueSetupCode(ctx: AccountsContext): AccountsResult<IssuedSetupCode> {
  const state = await setupState(ctx);
  if (!state.ok) return state;
  if (state.value === 'ready') return err(fkError('setup_complete'));
  const held = ctx.setupCode;
  if (held !== null && held.expiresAt > isoAt(ctx)) {
    return ok({ code: new Secret(held.text), expiresAt: held.expiresAt, created: false });
  }
  const text = newOneTimeCode();
  const expiresAt = isoAt(ctx, ctx.policy.setupCodeTtlMs);
  const inserted = await ctx.store.oneTimeCodes.insert({
    codeHash: oneTimeCodeHash(normalizeOneTimeCode(text)!),
    purpose: 'setup',
    userId: null,
    createdAt: isoAt(ctx),
    expiresAt,
  });
  if (!inserted.ok) return inserted;
  ctx.setupCode = { text, expiresAt };
  return ok({ code: new Secret(text), expiresAt, created: true });
}

/**
 * Creates the first administrator, in one transaction that first writes the setup marker: of
 * several racing calls exactly one commits, the others answer `setup_complete`. A wrong or
 * expired code answers `setup_code_invalid` and writes nothing.
 */
export async function completeSetup(
  ctx: AccountsContext,
  input: CompleteSetupInput,
): AccountsResult<UserView> {
  const code = normalizeOneTimeCode(input.code);
  if (code === null) return err(fkError('setup_code_invalid'));
  const state = await setupState(ctx);
  if (!state.ok) return state;
  if (state.value === 'ready') return err(fkError('setup_complete'));
  const username = checkUsername(input.username);
  if (!username.ok) return username;
  const displayName = checkDisplayName(input.displayName, username.value);
  if (!displayName.ok) return displayName;
  const password = checkNewPassword(input.password, username.value);
  if (!password.ok) return password;

  const codeHash = oneTimeCodeHash(code);
  // A cheap look first, so a wrong code costs no argon2 work.
  const found = await ctx.store.oneTimeCodes.find('setup', codeHash, isoAt(ctx));
  if (!found.ok) return found;
  if (found.value === null) return err(fkError('setup_code_invalid'));
  // Hashed outside the transaction, which may run more than once.
  const passwordHash = await ctx.hasher.hash(password.value);
  const id = ctx.store.newId();

  const created = await ctx.store.transaction(async (tx) => {
    const now = isoAt(ctx);
    const marked = await tx.setup.complete({ adminUserId: id, completedAt: now });
    if (!marked.ok) return marked.error.code === 'conflict' ? err(fkError('setup_complete')) : marked;
    const consumed = await tx.oneTimeCodes.consume('setup', codeHash, now);
    if (!consumed.ok) return consumed;
    if (consumed.value === null) return err(fkError('setup_code_invalid'));
    const user = await tx.users.insert({
      id,
      username: username.value,
      displayName: displayName.value,
      role: 'admin',
      passwordHash,
      createdAt: now,
    });
    if (!user.ok) return user;
    const cleared = await tx.oneTimeCodes.deleteAll('setup');
    if (!cleared.ok) return cleared;
    const audited = await audit(ctx, tx, {
      ownerId: id,
      actor: SETUP_ACTOR,
      action: 'setup',
      target: username.value,
    });
    return audited.ok ? ok(user.value) : audited;
  });
  if (!created.ok) return created;
  ctx.setupCode = null;
  return ok(toUserView(created.value));
}
