import { createKeyRing } from '../../crypto/index.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { type KeyRotation, openStore, type Store } from '../../store/index.js';
import {
  archiveRetiredKey,
  databaseMayExist,
  mainKeyPath,
  previousKeyPath,
  promoteNextKey,
  removeStaleTemporaries,
  retiredKeyPath,
} from './key-files.js';
import {
  type KeyMode,
  type KeySet,
  keyModeOf,
  loadKeySet,
  type SourcedKey,
  uniqueKeys,
} from './key-sources.js';
import { readSuppliedKey } from './new-key.js';
import { rewrapAll } from './rewrap-tokens.js';
import { planRotation, type RotationPlan } from './rotation-plan.js';
import type { RotateKeysOptions, RotationOutcome, RotationStep } from './types.js';
import { unlockKeys } from './unlock-keys.js';

const DEFAULT_BATCH = 100;

/**
 * `forgekeeper keys rotate`: adds a new master key, rewraps every token's data key under it and
 * retires the old key — resumable at every step (docs/keys.md has the state table):
 * 1. stage the new key (data-dir mode: `master.key.next`, 0600, whole or absent);
 * 2. register it: old `retiring`, new `active` + fingerprint key wrapped under it, progress record;
 * 3. promote the file: `master.key` holds the new key, the old one kept as `master.key.<id>.previous`;
 * 4. rewrap in batches, each with its progress in one transaction, until no row is under the old key;
 * 5. retire the old key (behind the key fence), then rename its file to `master.key.<id>.retired`.
 * A run that finds an unfinished rotation continues it. Running processes follow by themselves
 * (the vault's guarded store).
 */
export async function rotateMasterKey(
  options: RotateKeysOptions = {},
): Promise<Result<RotationOutcome, FkError>> {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? nonEmpty(env.FORGEKEEPER_DATA_DIR) ?? './data';
  const mode = keyModeOf(env);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    return err(
      fkError('invalid_input', { message: 'The batch size must be a whole number from 1 to 1000.' }),
    );
  }
  if (mode === 'data-dir' && options.newKey !== undefined) return err(newKeyInDataDirMode());
  let supplied: SourcedKey | null = null;
  if (options.newKey !== undefined) {
    const read = await readSuppliedKey(options.newKey, env);
    if (!read.ok) return read;
    supplied = read.value;
  }
  if (!databaseMayExist(dataDir, options.databaseUrl ?? nonEmpty(env.FORGEKEEPER_DATABASE_URL))) {
    return err(
      fkError('invalid_input', {
        message: `There is no Forgekeeper database in ${dataDir}: there is nothing to rotate.`,
        remediation: 'Give the data directory of the installation (--data-dir or FORGEKEEPER_DATA_DIR).',
      }),
    );
  }
  // Keys first: a missing or unsafe key file stops the run before the database is touched.
  const loaded = await loadKeySet({ env, dataDir });
  if (!loaded.ok) return loaded;
  const now = options.now ?? (() => new Date());
  const opened = await openStore({
    ...options.store,
    dataDir,
    env,
    now,
    ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
  });
  if (!opened.ok) return opened;
  try {
    return await rotate(opened.value, { ...options, dataDir, mode, batchSize, now }, loaded.value, supplied);
  } finally {
    await opened.value.close();
  }
}

interface Settings extends RotateKeysOptions {
  dataDir: string;
  mode: KeyMode;
  batchSize: number;
  now: () => Date;
}

async function rotate(
  store: Store,
  settings: Settings,
  loaded: KeySet,
  supplied: SourcedKey | null,
): Promise<Result<RotationOutcome, FkError>> {
  const { dataDir, mode } = settings;
  const keys = uniqueKeys([...loaded.keys, ...(supplied === null ? [] : [supplied])]);
  const unlocked = await unlockKeys(
    store,
    keys.map((sourced) => sourced.key),
    { register: false },
  );
  if (!unlocked.ok) return unlocked;
  if (mode === 'data-dir')
    await tidyDataDir(
      dataDir,
      unlocked.value.records.filter((r) => r.state === 'retired'),
    );

  const plan = await planRotation({
    store,
    mode,
    dataDir,
    keys,
    supplied,
    now: settings.now,
    ...unlocked.value,
  });
  if (!plan.ok) return plan;
  const { from, to, resumed } = plan.value;
  const report = (step: RotationStep, rotation: KeyRotation) =>
    settings.onProgress?.({
      step,
      fromKeyId: from.id,
      toKeyId: to.id,
      done: rotation.done,
      total: rotation.total,
      resumed,
    });
  await report('started', plan.value.rotation);
  if (mode === 'data-dir') {
    const promoted = await promoteNextKey(dataDir, from, to);
    if (!promoted.ok) return promoted;
    await report('promoted', plan.value.rotation);
  }

  const ring = createKeyRing(
    to,
    keys.map((sourced) => sourced.key),
  );
  const rewrapped = await rewrapAll(store, ring, plan.value.rotation, {
    batchSize: settings.batchSize,
    pauseMs: settings.pauseMs ?? 0,
    signal: settings.signal,
    now: settings.now,
    onBatch: async (rotation) => {
      await report('batch', rotation);
    },
  });
  if (!rewrapped.ok) return rewrapped;
  const { rotation, finished, interrupted, damaged } = rewrapped.value;
  if (finished) {
    await report('retired', rotation);
    if (mode === 'data-dir') {
      const archived = await archiveRetiredKey(dataDir, from.id);
      if (!archived.ok) return archived;
    }
  }
  return ok({
    mode,
    fromKeyId: from.id,
    toKeyId: to.id,
    resumed,
    done: rotation.done,
    total: rotation.total,
    finished,
    interrupted,
    damaged,
    files: mode === 'data-dir' ? filesOf(dataDir, plan.value, finished) : null,
  });
}

/** Finishes what a run killed after retiring left: old keys' files renamed, temporaries removed. */
async function tidyDataDir(dataDir: string, retired: readonly { id: string }[]): Promise<void> {
  for (const record of retired) await archiveRetiredKey(dataDir, record.id);
  await removeStaleTemporaries(dataDir);
}

function filesOf(dataDir: string, plan: RotationPlan, finished: boolean): RotationOutcome['files'] {
  const oldKey = finished ? retiredKeyPath(dataDir, plan.from.id) : previousKeyPath(dataDir, plan.from.id);
  return { key: mainKeyPath(dataDir), oldKey };
}

function newKeyInDataDirMode(): FkError {
  return fkError('invalid_input', {
    message:
      'This installation keeps its master key in the data directory; `keys rotate` generates the new key there.',
    remediation:
      'Run it without --new-key-env/--new-key-file. To manage keys yourself, move to FORGEKEEPER_MASTER_KEY_FILE first (docs/keys.md).',
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
