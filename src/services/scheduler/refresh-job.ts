import type { FkError } from '../../domain/errors/error.js';
import { DAY_MS } from '../../domain/status.js';
import type { RefreshSummary } from '../refresh/index.js';
import type { Vault } from '../vault/index.js';
import type { ScheduledJob } from './types.js';

/**
 * How a scheduled Refresh All ended: every token answered for (`completed`); some could not be asked
 * and were marked stale or left rate-limited (`partial`); stopped by shutdown or a lost lease
 * (`cancelled`); the run could not start (`failed`: the store).
 */
export type RefreshRunOutcome = 'completed' | 'partial' | 'cancelled' | 'failed';

export const REFRESH_JOB = 'refresh-all';
export const SCHEDULER_ACTOR = 'scheduler';

export interface RefreshJobOptions {
  /** Default: daily. */
  everyMs?: number;
  /** Default: 30 minutes, so several instances do not hit the forges at the same moment. */
  jitterMs?: number;
  /** When the job has never run on this database: this long after the first start. Default 5 minutes. */
  firstDelayMs?: number;
  perHostConcurrency?: number;
  /** Called once per run this process executed, with its summary when there is one. */
  onRun?: (outcome: RefreshRunOutcome, summary: RefreshSummary | null, error: FkError | null) => void;
}

/**
 * The daily re-check of every owner's tokens (`vault.refreshAll` without an owner). Re-checking is
 * also what marks tokens `expiring`: a check stores the status with the expiry window applied.
 * Between checks, list/show/metrics compute `expiring` and `expired` at read time, so no separate
 * marking pass is needed.
 */
export function refreshJob(vault: Pick<Vault, 'refreshAll'>, options: RefreshJobOptions = {}): ScheduledJob {
  return {
    name: REFRESH_JOB,
    everyMs: options.everyMs ?? DAY_MS,
    jitterMs: options.jitterMs ?? 1_800_000,
    firstDelayMs: options.firstDelayMs ?? 300_000,
    async run(signal) {
      const result = await vault.refreshAll({
        actor: SCHEDULER_ACTOR,
        signal,
        ...(options.perHostConcurrency === undefined
          ? {}
          : { perHostConcurrency: options.perHostConcurrency }),
      });
      if (!result.ok) {
        options.onRun?.('failed', null, result.error);
        return { ok: false, outcome: 'failed' };
      }
      const summary = result.value;
      const outcome: RefreshRunOutcome = summary.aborted
        ? 'cancelled'
        : summary.stale.length + summary.rateLimited.length > 0
          ? 'partial'
          : 'completed';
      options.onRun?.(outcome, summary, null);
      return { ok: outcome !== 'cancelled', outcome, releaseNow: outcome === 'cancelled' };
    },
  };
}
