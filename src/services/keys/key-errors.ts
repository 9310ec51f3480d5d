import { MASTER_KEY_ENV } from '../../crypto/index.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import type { MasterKeyRecord } from '../../store/index.js';
import { PREVIOUS_KEYS_ENV } from './key-sources.js';

/**
 * The catalogue errors of master-key handling. A key that rotation retired is a `master_key_mismatch`:
 * the process holds a key, just not one this database accepts any more.
 */

/** At start-up: none of the loaded keys is one the database still uses. */
export function retiredKeyError(retired: MasterKeyRecord, activeId: string | null): FkError {
  return fkError('master_key_mismatch', {
    message: `The master key ${retired.id} was retired by a key rotation${retired.retiredAt ? ` on ${retired.retiredAt}` : ''}; this database now uses ${activeId ?? 'another key'}.`,
    remediation: `Start Forgekeeper with the current master key ${activeId ?? ''}: the data directory's master.key (copy it from where the rotation ran), or ${MASTER_KEY_ENV}. Nothing was written.`,
    details: { keyId: retired.id, activeKeyId: activeId },
  });
}

/**
 * While writing: this process seals under a key that was retired since it started, and cannot load
 * the current one. Refused, so that no row is written that only a retired key opens.
 */
export function sealingKeyRetired(keyId: string, activeId: string | null): FkError {
  return fkError('master_key_mismatch', {
    message: `This process seals tokens with master key ${keyId}, which a key rotation retired; it cannot load the current key ${activeId ?? ''}. Nothing was written.`,
    remediation: `Restart this process with the current master key ${activeId ?? ''} (the data directory's master.key, or ${MASTER_KEY_ENV}); tokens it reads keep working until then.`,
    details: { keyId, activeKeyId: activeId, reason: 'sealing_key_retired' },
  });
}

/** Rows need a key this process has not loaded (a rotation runs): said once at start-up. */
export function missingKeyNotice(record: MasterKeyRecord): string {
  return (
    `Master key ${record.id} (${record.state}) is not loaded: tokens still wrapped by it cannot be opened by ` +
    `this process until \`forgekeeper keys rotate\` has moved them. Load it (data directory file, or ${PREVIOUS_KEYS_ENV}) to open them now.`
  );
}

/** This process cannot load the database's active key and seals under the retiring one meanwhile. */
export function behindNotice(activeId: string, sealingId: string): string {
  return (
    `The database's active master key is ${activeId}, which this process cannot load; it seals new tokens ` +
    `with ${sealingId} until that key is retired (the rotation rewraps them). Give it ${activeId} (${MASTER_KEY_ENV} or ${PREVIOUS_KEYS_ENV}) and restart.`
  );
}

const RING_OUTDATED = 'ring_outdated';

/**
 * Internal marker: a write found that the database's active key is not in this process's ring.
 * The guarded store rolls back, reloads the key sources and runs the transaction again.
 */
export function ringOutdated(activeId: string): FkError {
  return fkError('master_key_mismatch', {
    message: `The active master key ${activeId} is not loaded in this process.`,
    details: { keyId: activeId, reason: RING_OUTDATED },
  });
}

export function isRingOutdated(error: FkError): boolean {
  return error.code === 'master_key_mismatch' && error.details?.reason === RING_OUTDATED;
}
