import type { OpenStoreOptions } from '../../store/index.js';
import type { KeyMode } from './key-sources.js';

/** Where the operator's new key comes from in `configured` mode. Never the key itself (argv is visible). */
export type NewKeyInput = { env: string } | { file: string };

export interface RotateKeysOptions {
  /** Default: FORGEKEEPER_DATA_DIR, else `./data` (as `openVault`). */
  dataDir?: string;
  /** Default: FORGEKEEPER_DATABASE_URL. */
  databaseUrl?: string;
  env?: NodeJS.ProcessEnv;
  store?: Pick<OpenStoreOptions, 'schema' | 'busyTimeoutMs' | 'retries'>;
  /** Required in `configured` mode, refused in `data-dir` mode (the key file is generated there). */
  newKey?: NewKeyInput;
  /** Tokens rewrapped per transaction. Default 100. */
  batchSize?: number;
  /** Pause between batches, to spare a busy database. Default 0. */
  pauseMs?: number;
  /** Stops after the current batch; the rotation resumes on the next run. */
  signal?: AbortSignal;
  /** Called at each step and after each batch; awaited (a slow listener slows the rotation). */
  onProgress?: (progress: RotationProgress) => void | Promise<void>;
  now?: () => Date;
}

/**
 * - `started`: the new key is registered (or an unfinished rotation was found);
 * - `promoted`: `master.key` holds the new key (data-dir mode);
 * - `batch`: a batch of data keys was rewrapped;
 * - `retired`: no row uses the old key; it is retired.
 */
export type RotationStep = 'started' | 'promoted' | 'batch' | 'retired';

export interface RotationProgress {
  step: RotationStep;
  fromKeyId: string;
  toKeyId: string;
  /** Tokens rewrapped so far, by every run of this rotation. */
  done: number;
  /** `done` plus the tokens still under the old key when last counted. */
  total: number;
  resumed: boolean;
}

export interface RotationOutcome {
  mode: KeyMode;
  fromKeyId: string;
  toKeyId: string;
  /** An unfinished rotation was continued rather than a new one started. */
  resumed: boolean;
  done: number;
  total: number;
  /** The old key is retired: no row uses it. */
  finished: boolean;
  /** Stopped by `signal` before the end; run again to resume. */
  interrupted: boolean;
  /** Tokens whose data key does not unwrap with the old key: they keep the rotation from finishing. */
  damaged: string[];
  /** Data-dir mode: the new key file and the old key's backup. */
  files: { key: string; oldKey: string } | null;
}
