import type { FingerprintKey, KeyRing, LoadedMasterKey } from '../../crypto/index.js';
import type { FkError } from '../../domain/errors/error.js';
import { ok, type Result } from '../../domain/result.js';
import type { Store } from '../../store/index.js';
import { createKeyWatch, guardStore, LiveKeyRing, loadKeySet, unlockKeys } from '../keys/index.js';

export { PREVIOUS_KEYS_ENV } from '../keys/index.js';

export interface VaultKeys {
  /** The store wrapped so that sealed writes follow the database's key state (`guardStore`). */
  store: Store;
  /** Live: a rotation in another process adds keys and moves the sealing key under it. */
  ring: KeyRing;
  fingerprintKey: FingerprintKey;
  notices: string[];
}

/**
 * The key ring of this process and its proof against the store, in one place: every key it can
 * load (`loadKeySet`: the main key, the data directory's rotation files, FORGEKEEPER_MASTER_KEY_PREVIOUS),
 * checked and ordered by the database (`unlockKeys`), then kept in step with rotations while the
 * process runs (`createKeyWatch` re-reads the same sources when the database or a row names a key
 * the ring lacks).
 */
export async function openVaultKeys(
  store: Store,
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
  main: LoadedMasterKey,
): Promise<Result<VaultKeys, FkError>> {
  const loaded = await loadKeySet({ env, dataDir, main });
  if (!loaded.ok) return loaded;
  const unlocked = await unlockKeys(
    store,
    loaded.value.keys.map((sourced) => sourced.key),
    { register: true },
  );
  if (!unlocked.ok) return unlocked;
  const ring = new LiveKeyRing(unlocked.value.ring);
  const watch = createKeyWatch(ring, async () => {
    const again = await loadKeySet({ env, dataDir });
    return again.ok ? again.value.keys.map((sourced) => sourced.key) : [];
  });
  return ok({
    store: guardStore(store, watch),
    ring,
    fingerprintKey: unlocked.value.fingerprintKey,
    notices: unlocked.value.notices,
  });
}
