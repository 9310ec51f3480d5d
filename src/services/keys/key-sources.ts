import { relative, resolve } from 'node:path';
import {
  type LoadedMasterKey,
  loadMasterKey,
  MASTER_KEY_ENV,
  MASTER_KEY_FILE_ENV,
  type MasterKey,
  masterKeyFromBase64,
} from '../../crypto/index.js';
import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { type KeyFileRole, mainKeyPath, readExtraKeyFiles } from './key-files.js';

/** Extra master keys, base64, separated by commas or whitespace: loaded beside the main key. */
export const PREVIOUS_KEYS_ENV = 'FORGEKEEPER_MASTER_KEY_PREVIOUS';

/**
 * `data-dir`: the keys live in files of the data directory and `keys rotate` manages them.
 * `configured`: FORGEKEEPER_MASTER_KEY or FORGEKEEPER_MASTER_KEY_FILE names the key; the operator
 * supplies the new key and moves the variables (docs/keys.md).
 */
export type KeyMode = 'data-dir' | 'configured';

/** Where a loaded key came from, for `keys status` and error messages. Never key material. */
export type KeyOrigin =
  | { type: 'env'; variable: string; index?: number }
  | { type: 'file'; path: string; role: KeyFileRole | 'configured' | 'supplied' };

export interface SourcedKey {
  key: MasterKey;
  origin: KeyOrigin;
}

export interface KeySet {
  /** The key `loadMasterKey` found (or generated). */
  main: LoadedMasterKey;
  /** Every key this process can load, `main` first, one entry per key id. */
  keys: SourcedKey[];
}

export function keyModeOf(env: Readonly<Record<string, string | undefined>>): KeyMode {
  return env[MASTER_KEY_ENV] !== undefined || env[MASTER_KEY_FILE_ENV] !== undefined
    ? 'configured'
    : 'data-dir';
}

/**
 * Loads every key this process can reach: the main key (env, named file or `master.key`), in
 * data-dir mode the rotation's files beside it (`master.key.next`, `master.key.<id>.previous`),
 * and FORGEKEEPER_MASTER_KEY_PREVIOUS. Which of them seals is the database's decision
 * (`unlockKeys`), not the order here. A key file that is there but unsafe or malformed is an error,
 * as for the main key. Pass `main` when it was loaded (or generated) already.
 */
export async function loadKeySet(options: {
  env: Readonly<Record<string, string | undefined>>;
  dataDir: string;
  main?: LoadedMasterKey;
}): Promise<Result<KeySet, FkError>> {
  const { env, dataDir } = options;
  const dataDirMode = keyModeOf(env) === 'data-dir';
  // Read before `master.key`: see `readExtraKeyFiles` on why this order never misses a promoted key.
  const extra = dataDirMode ? await readExtraKeyFiles(dataDir) : ok([]);
  if (!extra.ok) return extra;
  let main = options.main;
  if (main === undefined) {
    const loaded = await loadMasterKey({ env, dataDir, generate: false });
    if (!loaded.ok) return loaded;
    main = loaded.value;
  }
  const previous = previousKeysFromEnv(env);
  if (!previous.ok) return previous;
  const keys = uniqueKeys([
    { key: main.key, origin: mainOrigin(main, dataDir) },
    ...extra.value.map(({ key, path, role }) => ({ key, origin: { type: 'file', path, role } }) as const),
    ...previous.value,
  ]);
  return ok({ main, keys });
}

export function previousKeysFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Result<SourcedKey[], FkError> {
  const listed = (env[PREVIOUS_KEYS_ENV] ?? '').split(/[\s,]+/).filter((part) => part !== '');
  const keys: SourcedKey[] = [];
  for (const [index, text] of listed.entries()) {
    const key = masterKeyFromBase64(text);
    if (!key.ok) {
      return err({
        ...key.error,
        message: `${PREVIOUS_KEYS_ENV} (key ${index + 1}): ${key.error.message}`,
        details: { variable: PREVIOUS_KEYS_ENV, index },
      });
    }
    keys.push({ key: key.value, origin: { type: 'env', variable: PREVIOUS_KEYS_ENV, index } });
  }
  return ok(keys);
}

/** First occurrence wins: the main key keeps its own origin when a file or variable repeats it. */
export function uniqueKeys(keys: readonly SourcedKey[]): SourcedKey[] {
  const byId = new Map<string, SourcedKey>();
  for (const sourced of keys) if (!byId.has(sourced.key.id)) byId.set(sourced.key.id, sourced);
  return [...byId.values()];
}

/** `master.key`, `master.key.next`, `FORGEKEEPER_MASTER_KEY_PREVIOUS (key 2)`, `/etc/fk/key`… */
export function describeOrigin(origin: KeyOrigin, dataDir: string): string {
  if (origin.type === 'env') {
    return origin.index === undefined ? origin.variable : `${origin.variable} (key ${origin.index + 1})`;
  }
  const inDataDir = relative(resolve(dataDir), origin.path);
  const shown = inDataDir.startsWith('..') || inDataDir === '' ? origin.path : inDataDir;
  if (origin.role === 'configured') return `${MASTER_KEY_FILE_ENV} (${shown})`;
  if (origin.role === 'retired') return `${shown} (backup, not loaded)`;
  return shown;
}

function mainOrigin(main: LoadedMasterKey, dataDir: string): KeyOrigin {
  if (main.path === undefined) return { type: 'env', variable: MASTER_KEY_ENV };
  const role = main.path === mainKeyPath(dataDir) ? 'main' : 'configured';
  return { type: 'file', path: main.path, role };
}
