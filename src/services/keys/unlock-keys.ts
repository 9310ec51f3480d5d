import {
  createKeyRing,
  FingerprintKey,
  type KeyRing,
  keyCheck,
  type MasterKey,
  verifyKeyCheck,
} from '../../crypto/index.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { MasterKeyRecord, StoreTx } from '../../store/index.js';
import { behindNotice, missingKeyNotice, retiredKeyError } from './key-errors.js';

export interface UnlockedKeys {
  /** Active: the database's active key when loaded, else the retiring key this process holds. */
  ring: KeyRing;
  fingerprintKey: FingerprintKey;
  records: MasterKeyRecord[];
  /** For operators (stderr): keys rows need that are not loaded, a process behind a rotation. */
  notices: string[];
}

/**
 * Proves the loaded keys belong to this database and builds the ring. A database without keys is
 * new: with `register`, `keys[0]` is recorded as its active key with a fresh fingerprint key (a
 * concurrent first start of another process is resolved by reading its row). Every loaded key the
 * database knows must match its check value; keys it does not know (a staged next key, a spare in
 * FORGEKEEPER_MASTER_KEY_PREVIOUS) are carried along unused.
 *
 * Which key seals is the database's choice, not the order of `keys`: its `active` key when this
 * process has it — so a process holding both keys follows a rotation by itself — else the retiring
 * key it holds (a process behind a rotation keeps working; the rotation rewraps what it seals). A
 * process holding only retired or unknown keys is refused.
 */
export async function unlockKeys(
  store: StoreTx,
  keys: readonly MasterKey[],
  options: { register: boolean },
): Promise<Result<UnlockedKeys, FkError>> {
  const listed = await store.keys.list();
  if (!listed.ok) return listed;
  const records = listed.value;
  const first = keys[0];
  if (records.length === 0) {
    if (!options.register || first === undefined) return err(noKeysYet());
    const fingerprintKey = FingerprintKey.generate();
    const inserted = await store.keys.insert({
      id: first.id,
      checkValue: keyCheck(first),
      wrappedFingerprintKey: fingerprintKey.wrap(first).wrappedKey,
      state: 'active',
    });
    if (inserted.ok) {
      return ok({ ring: createKeyRing(first, keys), fingerprintKey, records: [inserted.value], notices: [] });
    }
    if (inserted.error.code !== 'conflict') return inserted;
    return unlockKeys(store, keys, options);
  }
  for (const key of keys) {
    const record = records.find((candidate) => candidate.id === key.id);
    if (record === undefined) continue;
    const verified = verifyKeyCheck(key, record.checkValue);
    if (!verified.ok) return verified;
  }
  const chosen = chooseSealingKey(records, keys);
  if (!chosen.ok) return chosen;
  const { key, record } = chosen.value;
  const ring = createKeyRing(
    key,
    keys.filter((other) => other.id !== key.id),
  );
  const fingerprintKey = FingerprintKey.unwrap(
    { keyId: record.id, wrappedKey: record.wrappedFingerprintKey },
    ring,
  );
  if (!fingerprintKey.ok) return fingerprintKey;
  return ok({ ring, fingerprintKey: fingerprintKey.value, records, notices: noticesFor(records, ring) });
}

function chooseSealingKey(
  records: readonly MasterKeyRecord[],
  keys: readonly MasterKey[],
): Result<{ key: MasterKey; record: MasterKeyRecord }, FkError> {
  const held = (state: MasterKeyRecord['state']) =>
    records
      .filter((record) => record.state === state)
      .flatMap((record) => {
        const key = keys.find((candidate) => candidate.id === record.id);
        return key === undefined ? [] : [{ key, record }];
      });
  const chosen = held('active')[0] ?? held('retiring')[0];
  if (chosen !== undefined) return ok(chosen);
  const activeId = records.find((record) => record.state === 'active')?.id ?? null;
  const retired = held('retired')[0];
  if (retired !== undefined) return err(retiredKeyError(retired.record, activeId));
  const first = keys[0];
  return err(
    fkError('master_key_mismatch', {
      message: `The master key ${first?.id ?? ''} is not one this database was created with.`,
      details: { keyId: first?.id ?? null, storedKeyIds: records.map((record) => record.id) },
    }),
  );
}

function noticesFor(records: readonly MasterKeyRecord[], ring: KeyRing): string[] {
  const notices: string[] = [];
  const active = records.find((record) => record.state === 'active');
  if (active !== undefined && ring.get(active.id) === undefined) {
    notices.push(behindNotice(active.id, ring.active.id));
  }
  for (const record of records) {
    if (record.state === 'retiring' && ring.get(record.id) === undefined)
      notices.push(missingKeyNotice(record));
  }
  return notices;
}

function noKeysYet(): FkError {
  return fkError('invalid_input', {
    message: 'This database has no master key yet: there is nothing to rotate.',
    remediation: 'Start Forgekeeper once (any command that opens the vault registers its key), then rotate.',
  });
}
