import { verifyKeyCheck } from '../../crypto/index.js';
import type { FkError } from '../../domain/errors/error.js';
import { ok, type Result } from '../../domain/result.js';
import {
  type IsoTime,
  type KeyRotation,
  type MasterKeyState,
  type OpenStoreOptions,
  openStore,
  type Store,
} from '../../store/index.js';
import { databaseMayExist, readExtraKeyFiles } from './key-files.js';
import { describeOrigin, type KeyMode, keyModeOf, loadKeySet, type SourcedKey } from './key-sources.js';

export interface KeyStatusOptions {
  dataDir?: string;
  databaseUrl?: string;
  env?: NodeJS.ProcessEnv;
  store?: Pick<OpenStoreOptions, 'schema' | 'busyTimeoutMs' | 'retries'>;
}

export interface KeyStatusEntry {
  id: string;
  state: MasterKeyState;
  createdAt: IsoTime;
  retiredAt: IsoTime | null;
  /** Tokens whose data key this master key wraps. */
  tokens: number;
  /** Where this process would load it from (`master.key`, `FORGEKEEPER_MASTER_KEY`…); null: nowhere. */
  source: string | null;
  /** false when the loaded key does not match the database's check value; null when not loaded. */
  matches: boolean | null;
}

export interface RotationStatus extends KeyRotation {
  state: 'in_progress' | 'finished';
  /** Tokens still under the old key, counted now. */
  remaining: number;
}

export interface KeyStatus {
  mode: KeyMode;
  dataDir: string;
  keys: KeyStatusEntry[];
  rotation: RotationStatus | null;
  /** Keys found in the sources that the database does not know, and sources that could not be read. */
  notes: string[];
}

/**
 * `forgekeeper keys status`: the database's keys with their states and token counts, the rotation's
 * progress, and where this process would find each key. Reads only; it needs no key to run (a key
 * source that cannot be read becomes a note), so it also answers "which key is missing?".
 */
export async function keyStatus(options: KeyStatusOptions = {}): Promise<Result<KeyStatus, FkError>> {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? nonEmpty(env.FORGEKEEPER_DATA_DIR) ?? './data';
  const mode = keyModeOf(env);
  const notes: string[] = [];
  const sources: SourcedKey[] = [];
  const loaded = await loadKeySet({ env, dataDir });
  if (loaded.ok) sources.push(...loaded.value.keys);
  else notes.push(`Key sources: ${loaded.error.message}`);
  if (mode === 'data-dir') {
    const backups = await readExtraKeyFiles(dataDir, { retired: true });
    if (backups.ok) {
      for (const { key, path, role } of backups.value)
        sources.push({ key, origin: { type: 'file', path, role } });
    }
  }
  const databaseUrl = options.databaseUrl ?? nonEmpty(env.FORGEKEEPER_DATABASE_URL);
  if (!databaseMayExist(dataDir, databaseUrl)) {
    notes.push(`There is no Forgekeeper database in ${dataDir} yet.`);
    return ok({ mode, dataDir, keys: [], rotation: null, notes });
  }
  const opened = await openStore({
    ...options.store,
    dataDir,
    env,
    ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
  });
  if (!opened.ok) return opened;
  try {
    return await statusOf(opened.value, { mode, dataDir, sources, notes });
  } finally {
    await opened.value.close();
  }
}

async function statusOf(
  store: Store,
  input: { mode: KeyMode; dataDir: string; sources: SourcedKey[]; notes: string[] },
): Promise<Result<KeyStatus, FkError>> {
  const records = await store.keys.list();
  if (!records.ok) return records;
  const keys: KeyStatusEntry[] = [];
  for (const record of records.value) {
    const tokens = await store.tokens.countSealed(record.id);
    if (!tokens.ok) return tokens;
    const found = input.sources.find((sourced) => sourced.key.id === record.id);
    keys.push({
      id: record.id,
      state: record.state,
      createdAt: record.createdAt,
      retiredAt: record.retiredAt,
      tokens: tokens.value,
      source: found === undefined ? null : describeOrigin(found.origin, input.dataDir),
      matches: found === undefined ? null : verifyKeyCheck(found.key, record.checkValue).ok,
    });
  }
  const known = new Set(records.value.map((record) => record.id));
  for (const sourced of input.sources) {
    if (known.has(sourced.key.id)) continue;
    input.notes.push(
      `${describeOrigin(sourced.origin, input.dataDir)} holds key ${sourced.key.id}, which this database does not know (a new key not registered yet, or another database's key).`,
    );
  }
  const rotation = await store.keys.getRotation();
  if (!rotation.ok) return rotation;
  let progress: RotationStatus | null = null;
  if (rotation.value !== null) {
    const remaining = await store.tokens.countSealed(rotation.value.fromKeyId);
    if (!remaining.ok) return remaining;
    const state = rotation.value.finishedAt === null ? 'in_progress' : 'finished';
    progress = { ...rotation.value, state, remaining: remaining.value };
  }
  return ok({ mode: input.mode, dataDir: input.dataDir, keys, rotation: progress, notes: input.notes });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
