import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEFAULT_KEY_FILE,
  type LoadedMasterKey,
  loadMasterKey,
  MASTER_KEY_ENV,
  MASTER_KEY_FILE_ENV,
} from '../../crypto/index.js';
import type { FkError } from '../../domain/errors/error.js';
import { ok, type Result } from '../../domain/result.js';
import { DEFAULT_WARN_DAYS } from '../../domain/status.js';
import type { AdapterOptions } from '../../forges/types.js';
import { type OpenStoreOptions, openStore, type Store } from '../../store/index.js';
import { createContext } from './context.js';
import { openVaultKeys } from './key-ring.js';
import type { Vault } from './types.js';
import { createVault } from './vault.js';

export interface OpenVaultOptions {
  /** SQLite's directory and the default key file's. Default: FORGEKEEPER_DATA_DIR, else `./data`. */
  dataDir?: string;
  /** `postgres://…` selects PostgreSQL. Default: FORGEKEEPER_DATABASE_URL. */
  databaseUrl?: string;
  /** Where settings come from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** The vault's clock (statuses, expiry windows, timestamps). Default: the system clock. */
  now?: () => Date;
  /** Days before expiry a token reads as `expiring`. Default 14. */
  warnDays?: number;
  /** HTTP knobs for every forge call (timeouts, retries). */
  adapter?: Omit<AdapterOptions, 'apiUrl'>;
  /** Store knobs beyond the environment: a PostgreSQL schema (tests), lock timeout, retries. */
  store?: Pick<OpenStoreOptions, 'schema' | 'busyTimeoutMs' | 'retries'>;
}

/**
 * Opens the vault: the store named by the options or environment, the master key, and proof that
 * the two belong together. Refuses to start — with the catalogue error, writing nothing — when the
 * key file is readable by others, the key is malformed, or it is not this database's key. A key file
 * is generated (mode 0600) only when the database holds no key yet; `notices` then asks the user to
 * back it up. The vault then follows master-key rotations run by other processes (`keys rotate`)
 * without a restart: see `openVaultKeys` and docs/keys.md.
 */
export async function openVault(options: OpenVaultOptions = {}): Promise<Result<Vault, FkError>> {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? nonEmpty(env.FORGEKEEPER_DATA_DIR) ?? './data';
  // A key that is there is read before the store is opened, so a bad one writes nothing at all.
  let loaded: LoadedMasterKey | null = null;
  if (!mayGenerate(env, dataDir)) {
    const key = await loadMasterKey({ env, dataDir, generate: false });
    if (!key.ok) return key;
    loaded = key.value;
  }
  const now = options.now ?? (() => new Date());
  const opened = await openStore({
    ...options.store,
    dataDir,
    env,
    now,
    ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
  });
  if (!opened.ok) return opened;
  const store = opened.value;
  const unlocked = await unlock(store, env, dataDir, loaded);
  if (!unlocked.ok) {
    await store.close();
    return unlocked;
  }
  const ctx = createContext({
    store: unlocked.value.store,
    ring: unlocked.value.ring,
    fingerprintKey: unlocked.value.fingerprintKey,
    now,
    warnDays: options.warnDays ?? DEFAULT_WARN_DAYS,
    adapterOptions: options.adapter ?? {},
  });
  return ok(createVault(ctx, unlocked.value.notices));
}

async function unlock(store: Store, env: NodeJS.ProcessEnv, dataDir: string, loaded: LoadedMasterKey | null) {
  let key = loaded;
  if (key === null) {
    const keys = await store.keys.list();
    if (!keys.ok) return keys;
    // A database that has keys needs its own key back, never a fresh one (`generate: false` says so).
    const generated = await loadMasterKey({ env, dataDir, generate: keys.value.length === 0 });
    if (!generated.ok) return generated;
    key = generated.value;
  }
  const keys = await openVaultKeys(store, env, dataDir, key);
  if (!keys.ok) return keys;
  const notices = [...(key.notice === undefined ? [] : [key.notice]), ...keys.value.notices];
  return ok({ ...keys.value, notices });
}

/** True when no key is configured and the default key file does not exist yet. */
function mayGenerate(env: NodeJS.ProcessEnv, dataDir: string): boolean {
  if (env[MASTER_KEY_ENV] !== undefined || env[MASTER_KEY_FILE_ENV] !== undefined) return false;
  return !existsSync(resolve(join(dataDir, DEFAULT_KEY_FILE)));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
