import type { MasterKey } from '../../crypto/index.js';
import type { LiveKeyRing } from './live-key-ring.js';

/** Reloads at most this often: a row that names a key nobody has must not read files on every open. */
export const RELOAD_INTERVAL_MS = 2_000;

/**
 * Keeps a process's ring in step with the key sources (the data directory's files, a mounted key
 * file) without polling: the guarded store asks for a reload when a row or the database names a
 * key the ring does not hold.
 */
export interface KeyWatch {
  readonly ring: LiveKeyRing;
  /** Re-reads the key sources, unless that happened within `RELOAD_INTERVAL_MS`; true when a key was added. */
  reload(): Promise<boolean>;
  /** True when a reload ran (or was tried) within the interval: another one would find nothing new. */
  reloadedRecently(): boolean;
}

export function createKeyWatch(
  ring: LiveKeyRing,
  load: () => Promise<readonly MasterKey[]>,
  options: { intervalMs?: number; now?: () => number } = {},
): KeyWatch {
  const interval = options.intervalMs ?? RELOAD_INTERVAL_MS;
  const now = options.now ?? Date.now;
  let last = Number.NEGATIVE_INFINITY;
  let running: Promise<boolean> | null = null;
  const recently = () => now() - last < interval;
  return {
    ring,
    reloadedRecently: recently,
    reload() {
      if (running !== null) return running;
      if (recently()) return Promise.resolve(false);
      last = now();
      running = load()
        // A source that cannot be read now (a file being replaced) leaves the ring as it was.
        .then(
          (keys) => ring.add(keys),
          () => false,
        )
        .finally(() => {
          running = null;
        });
      return running;
    },
  };
}
