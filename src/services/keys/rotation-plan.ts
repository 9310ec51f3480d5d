import { type FingerprintKey, keyCheck, MASTER_KEY_ENV, type MasterKey } from '../../crypto/index.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { KeyRotation, MasterKeyRecord, Store } from '../../store/index.js';
import { takeKeyFence } from './fence.js';
import { NEXT_KEY_FILE, stageNextKey } from './key-files.js';
import { type KeyMode, PREVIOUS_KEYS_ENV, type SourcedKey } from './key-sources.js';

export interface RotationPlan {
  from: MasterKey;
  to: MasterKey;
  rotation: KeyRotation;
  resumed: boolean;
}

export interface PlanInput {
  store: Store;
  mode: KeyMode;
  dataDir: string;
  /** Every key this run can load, the supplied new key included. */
  keys: readonly SourcedKey[];
  supplied: SourcedKey | null;
  records: readonly MasterKeyRecord[];
  fingerprintKey: FingerprintKey;
  now: () => Date;
}

/**
 * Continues the unfinished rotation when there is one — never a second new key — or starts one:
 * the new key is staged (data-dir mode: `master.key.next`, reused when an interrupted run left it)
 * or supplied, then registered in one transaction: the old key `retiring`, the new one `active`
 * with its check value and the fingerprint key wrapped under it, the progress record. From that
 * commit on every process that holds the new key seals under it.
 */
export async function planRotation(input: PlanInput): Promise<Result<RotationPlan, FkError>> {
  const current = await input.store.keys.getRotation();
  if (!current.ok) return current;
  if (current.value !== null && current.value.finishedAt === null) return resume(input, current.value);
  return begin(input);
}

function resume(input: PlanInput, rotation: KeyRotation): Result<RotationPlan, FkError> {
  if (input.supplied !== null && input.supplied.key.id !== rotation.toKeyId) {
    return err(
      fkError('invalid_input', {
        message: `A rotation to master key ${rotation.toKeyId} is in progress; the key given is ${input.supplied.key.id}.`,
        remediation: `Finish that rotation first: run \`forgekeeper keys rotate\` with key ${rotation.toKeyId}. Rotate to another key afterwards.`,
        details: { toKeyId: rotation.toKeyId },
      }),
    );
  }
  const find = (id: string) => input.keys.find((sourced) => sourced.key.id === id)?.key;
  const to = find(rotation.toKeyId);
  const from = find(rotation.fromKeyId);
  if (to === undefined) return err(missingKey(input.mode, rotation.toKeyId, 'new'));
  if (from === undefined) return err(missingKey(input.mode, rotation.fromKeyId, 'old'));
  return ok({ from, to, rotation, resumed: true });
}

async function begin(input: PlanInput): Promise<Result<RotationPlan, FkError>> {
  const active = input.records.find((record) => record.state === 'active');
  const from = input.keys.find((sourced) => sourced.key.id === active?.id)?.key;
  if (active === undefined || from === undefined)
    return err(missingKey(input.mode, active?.id ?? '?', 'old'));
  const to = await newKey(input);
  if (!to.ok) return to;
  const used = input.records.find((record) => record.id === to.value.id);
  if (to.value.id === from.id || used !== undefined) return err(keyUsedBefore(input.mode, to.value.id));

  const registered = await input.store.transaction(async (tx) => {
    const fenced = await takeKeyFence(tx);
    if (!fenced.ok) return fenced;
    // Another `keys rotate` may have registered a moment ago: then this run joins it.
    const again = await tx.keys.getRotation();
    if (!again.ok) return again;
    if (again.value !== null && again.value.finishedAt === null)
      return ok({ rotation: again.value, fresh: false });
    const retiring = await tx.keys.setState(from.id, 'retiring');
    if (!retiring.ok) return retiring;
    const inserted = await tx.keys.insert({
      id: to.value.id,
      checkValue: keyCheck(to.value),
      wrappedFingerprintKey: input.fingerprintKey.wrap(to.value).wrappedKey,
      state: 'active',
    });
    if (!inserted.ok) return inserted;
    const total = await tx.tokens.countSealed(from.id);
    if (!total.ok) return total;
    const saved = await tx.keys.saveRotation({
      fromKeyId: from.id,
      toKeyId: to.value.id,
      startedAt: input.now().toISOString(),
      done: 0,
      total: total.value,
      cursor: null,
      finishedAt: null,
    });
    return saved.ok ? ok({ rotation: saved.value, fresh: true }) : saved;
  });
  if (!registered.ok) return registered;
  if (!registered.value.fresh) return resume(input, registered.value.rotation);
  return ok({ from, to: to.value, rotation: registered.value.rotation, resumed: false });
}

async function newKey(input: PlanInput): Promise<Result<MasterKey, FkError>> {
  if (input.mode === 'data-dir') return stageNextKey(input.dataDir);
  if (input.supplied !== null) return ok(input.supplied.key);
  return err(
    fkError('invalid_input', {
      message: `The master key comes from ${MASTER_KEY_ENV} or its _FILE variable, so the new key is yours to supply.`,
      remediation:
        'Generate one (`openssl rand -base64 32`), keep it where your secrets live, and pass it with --new-key-env NAME (a variable holding it) or --new-key-file PATH (mode 0600). See docs/keys.md.',
    }),
  );
}

function missingKey(mode: KeyMode, id: string, which: 'old' | 'new'): FkError {
  const where =
    mode === 'data-dir'
      ? which === 'new'
        ? `${NEXT_KEY_FILE} or master.key in the data directory`
        : `master.key or master.key.${id}.previous in the data directory`
      : which === 'new'
        ? `--new-key-env/--new-key-file, ${MASTER_KEY_ENV} or ${PREVIOUS_KEYS_ENV}`
        : `${MASTER_KEY_ENV} or ${PREVIOUS_KEYS_ENV}`;
  return fkError('master_key_mismatch', {
    message: `The rotation needs the ${which} master key ${id}, which is not loaded.`,
    remediation: `Provide key ${id} (${where}) and run \`forgekeeper keys rotate\` again: it resumes where it stopped. Nothing was written.`,
    details: { keyId: id, which },
  });
}

function keyUsedBefore(mode: KeyMode, id: string): FkError {
  return fkError('invalid_input', {
    message: `Master key ${id} is, or was, a key of this database: a rotation needs a key never used before.`,
    remediation:
      mode === 'data-dir'
        ? `Move ${NEXT_KEY_FILE} out of the data directory (it is a leftover), then run \`forgekeeper keys rotate\` again.`
        : 'Generate a new key (`openssl rand -base64 32`) and pass that one.',
    details: { keyId: id },
  });
}
