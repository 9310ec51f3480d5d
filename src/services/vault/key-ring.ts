import {
  createKeyRing,
  FingerprintKey,
  type KeyRing,
  keyCheck,
  type MasterKey,
  masterKeyFromBase64,
  verifyKeyCheck,
} from '../../crypto/index.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Store } from '../../store/index.js';

/** Older master keys, base64, separated by commas or whitespace: they open tokens, never seal. */
export const PREVIOUS_KEYS_ENV = 'FORGEKEEPER_MASTER_KEY_PREVIOUS';

/**
 * The key ring of this process: the loaded master key as the active one, plus the keys named in
 * `FORGEKEEPER_MASTER_KEY_PREVIOUS` (oldest rotation leftovers) so rows still wrapped by them open.
 * This is the one place the ring is built: master-key rotation extends it (e.g. previous keys from a
 * file), nothing else has to change.
 */
export function buildKeyRing(
  active: MasterKey,
  env: Readonly<Record<string, string | undefined>>,
): Result<KeyRing, FkError> {
  const older: MasterKey[] = [];
  const listed = (env[PREVIOUS_KEYS_ENV] ?? '').split(/[\s,]+/).filter((part) => part !== '');
  for (const [index, text] of listed.entries()) {
    const key = masterKeyFromBase64(text);
    if (!key.ok) {
      return err({
        ...key.error,
        message: `${PREVIOUS_KEYS_ENV} (key ${index + 1}): ${key.error.message}`,
        details: { variable: PREVIOUS_KEYS_ENV, index },
      });
    }
    older.push(key.value);
  }
  return ok(createKeyRing(active, older));
}

/**
 * Proves the ring belongs to this store and yields the fingerprint key. A store without keys is new:
 * the active key is registered with a fresh fingerprint key. A store with keys must hold the active
 * one, with a matching check value; every other loaded key it knows must match too. Writes only on
 * first start, and a concurrent first start of another process is resolved by reading its row.
 */
export async function unlockStore(store: Store, ring: KeyRing): Promise<Result<FingerprintKey, FkError>> {
  const listed = await store.keys.list();
  if (!listed.ok) return listed;
  if (listed.value.length === 0) {
    const fingerprintKey = FingerprintKey.generate();
    const inserted = await store.keys.insert({
      id: ring.active.id,
      checkValue: keyCheck(ring.active),
      wrappedFingerprintKey: fingerprintKey.wrap(ring.active).wrappedKey,
      state: 'active',
    });
    if (inserted.ok) return ok(fingerprintKey);
    // Another process registered first: its fingerprint key is the one to use.
    if (inserted.error.code !== 'conflict') return inserted;
    return unlockStore(store, ring);
  }
  for (const id of ring.ids) {
    const record = listed.value.find((candidate) => candidate.id === id);
    const key = ring.get(id);
    if (record === undefined || key === undefined) continue;
    const verified = verifyKeyCheck(key, record.checkValue);
    if (!verified.ok) return verified;
  }
  const activeRecord = listed.value.find((record) => record.id === ring.active.id);
  if (activeRecord === undefined) {
    return err(
      fkError('master_key_mismatch', {
        message: `The master key ${ring.active.id} is not one this database was created with.`,
        details: { keyId: ring.active.id, storedKeyIds: listed.value.map((record) => record.id) },
      }),
    );
  }
  return FingerprintKey.unwrap(
    { keyId: activeRecord.id, wrappedKey: activeRecord.wrappedFingerprintKey },
    ring,
  );
}
