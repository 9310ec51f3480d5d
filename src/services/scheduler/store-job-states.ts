import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Store } from '../../store/index.js';
import { type JobStates, jobStateSchema } from './job-state.js';
import type { JobState } from './types.js';

const PREFIX = 'scheduler.';

/**
 * Job states kept in the store's instance-wide settings (`scheduler.<job>`), updated in one store
 * transaction that first writes the job's lock row (`scheduler.<job>.lock`). On PostgreSQL that write
 * takes the row's lock until commit, so a second process's update waits for the first to commit and
 * then reads what it wrote (READ COMMITTED reads afresh per statement): the read-check-write is
 * serialised across processes with nothing held in memory. On SQLite the transaction is
 * `BEGIN IMMEDIATE`, which serialises every writer anyway.
 *
 * The store offers no row lock or compare-and-set of its own; a `scheduler_runs` table claimed with
 * `UPDATE … WHERE next_run_at <= now() RETURNING` would do this in one statement (docs/server.md).
 */
export function storeJobStates(store: Pick<Store, 'transaction'>): JobStates {
  return {
    update(job, change) {
      return store.transaction(async (tx) => {
        const locked = await tx.settings.set(`${PREFIX}${job}.lock`, new Date().toISOString());
        if (!locked.ok) return locked;
        const stored = await tx.settings.get(`${PREFIX}${job}`);
        if (!stored.ok) return stored;
        const state = parseState(job, stored.value);
        if (!state.ok) return state;
        const { next, answer } = change(state.value);
        if (next !== null) {
          const saved = await tx.settings.set(`${PREFIX}${job}`, JSON.stringify(next));
          if (!saved.ok) return saved;
        }
        return ok(answer);
      });
    },
  };
}

function parseState(job: string, value: string | null): Result<JobState | null, FkError> {
  if (value === null) return ok(null);
  let json: unknown = null;
  try {
    json = JSON.parse(value);
  } catch {
    // reported below
  }
  const parsed = jobStateSchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  return err(
    fkError('invalid_input', {
      message: `The stored state of the scheduled job ${job} (setting ${PREFIX}${job}) is not valid.`,
      remediation: `Delete the setting ${PREFIX}${job}; the job then runs once and starts a new schedule.`,
    }),
  );
}
