import { randomUUID } from 'node:crypto';
import { type FkError, fkError } from '../../domain/errors/error.js';
import type { RefreshProgress, RefreshSummary } from '../../services/refresh/index.js';
import type { Vault } from '../../services/vault/index.js';

/** One Refresh All run as the API reports it. */
export interface RefreshJob {
  id: string;
  ownerId: string;
  done: number;
  total: number;
  byHost: RefreshProgress['byHost'];
  finished: boolean;
  summary: RefreshSummary | null;
  error: FkError | null;
}

/** How many finished jobs per process are kept for polling; older ones are forgotten. */
const KEEP_FINISHED = 100;

/**
 * Refresh All runs in the background and is polled. Jobs live in this process's memory only: a
 * restart forgets them (the tokens' statuses are in the store all the same), and behind a load
 * balancer the poll must reach the process that started the job. One running job per owner: a
 * second request while one runs answers the running one.
 */
export function createRefreshJobs(vault: Pick<Vault, 'refreshAll'>) {
  const jobs = new Map<string, RefreshJob>();
  const running = new Map<string, RefreshJob>();

  const forgetOld = () => {
    const finished = [...jobs.values()].filter((job) => job.finished);
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(job.id);
  };

  return {
    start(ownerId: string, actor: string): RefreshJob {
      const current = running.get(ownerId);
      if (current !== undefined) return current;
      const job: RefreshJob = {
        id: randomUUID(),
        ownerId,
        done: 0,
        total: 0,
        byHost: {},
        finished: false,
        summary: null,
        error: null,
      };
      jobs.set(job.id, job);
      running.set(ownerId, job);
      void vault
        .refreshAll({
          ownerId,
          actor,
          onProgress: (progress) => {
            job.done = progress.done;
            job.total = progress.total;
            job.byHost = progress.byHost;
          },
        })
        .then(
          (result) => {
            if (result.ok) job.summary = result.value;
            else job.error = result.error;
          },
          () => {
            job.error = fkError('internal_error');
          },
        )
        .finally(() => {
          job.finished = true;
          running.delete(ownerId);
          forgetOld();
        });
      return job;
    },
    /** The owner's job, or null: another owner's job id is as unknown as a made-up one. */
    get(ownerId: string, id: string): RefreshJob | null {
      const job = jobs.get(id);
      return job !== undefined && job.ownerId === ownerId ? job : null;
    },
  };
}

export type RefreshJobs = ReturnType<typeof createRefreshJobs>;
