import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { type AccountsContext, isoAt } from './context.js';

/** A key and how many failures within the window lock it. */
export interface ThrottleKey {
  key: string;
  limit: number;
}

/**
 * `login_locked` (with `details.retryAt`, the latest end) when any of `keys` is locked now.
 * Checked before the password is verified, so a locked account costs no argon2 work.
 */
export async function checkLocked(
  ctx: AccountsContext,
  keys: readonly ThrottleKey[],
): Promise<Result<void, FkError>> {
  const records = await ctx.store.loginThrottle.get(keys.map((k) => k.key));
  if (!records.ok) return records;
  const now = isoAt(ctx);
  const until = records.value
    .map((record) => record.lockedUntil)
    .filter((lockedUntil): lockedUntil is string => lockedUntil !== null && lockedUntil > now)
    .sort()
    .at(-1);
  if (until === undefined) return ok(undefined);
  return err(lockedError(until));
}

/**
 * Counts a failure under each key; a key that reaches its limit within the window is locked for
 * base × 2^(earlier lockouts), capped — so a patient guesser gets slower and slower, while a
 * person who mistyped a few times waits only the base.
 */
export async function recordFailure(
  ctx: AccountsContext,
  keys: readonly ThrottleKey[],
): Promise<Result<void, FkError>> {
  const { policy } = ctx;
  const at = isoAt(ctx);
  for (const { key, limit } of keys) {
    const counted = await ctx.store.loginThrottle.recordFailure(key, {
      at,
      windowStart: isoAt(ctx, -policy.failureWindowMs),
      decayBefore: isoAt(ctx, -policy.lockoutDecayMs),
    });
    if (!counted.ok) return counted;
    if (counted.value.failures < limit) continue;
    const lockMs = Math.min(policy.lockoutBaseMs * 2 ** counted.value.lockouts, policy.lockoutMaxMs);
    const locked = await ctx.store.loginThrottle.lock(key, {
      at,
      until: isoAt(ctx, lockMs),
      threshold: limit,
    });
    if (!locked.ok) return locked;
  }
  return ok(undefined);
}

export function lockedError(retryAt: string): FkError {
  return fkError('login_locked', {
    message: `Too many failed sign-in attempts; sign-in is paused until ${retryAt}.`,
    details: { retryAt },
  });
}
