import { ok } from '../../domain/result.js';
import { type AccountsContext, isoAt } from './context.js';
import type { AccountsResult, PruneCounts } from './types.js';

/**
 * Deletes what can no longer be used: ended sessions, expired one-time codes, and throttle
 * records untouched for `lockoutDecayMs` and not locked (their backoff is forgotten by then
 * anyway). Nothing depends on it for correctness — every check also looks at the times — it only
 * keeps the tables small. The server runs it on a timer.
 */
export async function pruneExpired(ctx: AccountsContext): AccountsResult<PruneCounts> {
  const now = isoAt(ctx);
  const sessions = await ctx.store.sessions.deleteExpired(now, isoAt(ctx, -ctx.policy.sessionIdleMs));
  if (!sessions.ok) return sessions;
  const codes = await ctx.store.oneTimeCodes.deleteExpired(now);
  if (!codes.ok) return codes;
  const throttles = await ctx.store.loginThrottle.deleteStale(isoAt(ctx, -ctx.policy.lockoutDecayMs), now);
  if (!throttles.ok) return throttles;
  return ok({ sessions: sessions.value, codes: codes.value, throttles: throttles.value });
}
