import { MASTER_KEY_ENV, MASTER_KEY_FILE_ENV } from '../../crypto/index.js';
import {
  type KeyStatus,
  PREVIOUS_KEYS_ENV,
  type RotationOutcome,
  type RotationProgress,
} from '../../services/keys/index.js';
import { utcTime } from './relative-time.js';
import { formatTable } from './table.js';

/** `keys status` for people: the keys as a table, then the rotation, then notes. */
export function formatKeyStatus(status: KeyStatus): string {
  const where =
    status.mode === 'data-dir'
      ? `key files in the data directory ${status.dataDir}`
      : `keys from ${MASTER_KEY_ENV} / ${MASTER_KEY_FILE_ENV} / ${PREVIOUS_KEYS_ENV}`;
  const notes = status.notes.map((note) => `note: ${note}\n`).join('');
  if (status.keys.length === 0) return `No master key is registered yet (${where}).\n${notes}`;
  const rows = status.keys.map((key) => [
    key.id,
    key.state,
    String(key.tokens),
    utcTime(key.createdAt),
    key.retiredAt === null ? '-' : utcTime(key.retiredAt),
    key.source === null
      ? 'not loaded'
      : key.matches === false
        ? `${key.source} (DOES NOT MATCH)`
        : key.source,
  ]);
  let text = `Master keys (${where}):\n`;
  text += formatTable(['ID', 'STATE', 'TOKENS', 'CREATED', 'RETIRED', 'SOURCE'], rows);
  const rotation = status.rotation;
  if (rotation !== null) {
    const head = `\nRotation ${rotation.fromKeyId} → ${rotation.toKeyId}, started ${utcTime(rotation.startedAt)}: `;
    text +=
      rotation.state === 'finished'
        ? `${head}finished ${utcTime(rotation.finishedAt ?? rotation.startedAt)}, ${rotation.done} tokens rewrapped.\n`
        : `${head}in progress, ${rotation.done} of ${rotation.done + rotation.remaining} tokens rewrapped, ${rotation.remaining} to go` +
          `${rotation.cursor === null ? '' : ` (cursor ${rotation.cursor})`}. Run \`forgekeeper keys rotate\` to continue.\n`;
  }
  return text + notes;
}

/** One progress line (stderr). */
export function formatRotationProgress(progress: RotationProgress): string {
  const keys = `${progress.fromKeyId} → ${progress.toKeyId}`;
  switch (progress.step) {
    case 'started':
      return progress.resumed
        ? `Resuming the rotation ${keys}: ${progress.done} of ${progress.total} tokens rewrapped so far.`
        : `Rotating master key ${keys}: ${progress.total} tokens to rewrap.`;
    case 'promoted':
      return `master.key now holds the new key ${progress.toKeyId}; the old key stays loadable until it is retired.`;
    case 'batch':
      return `Rewrapped ${progress.done} of ${progress.total} tokens.`;
    case 'retired':
      return `No token uses ${progress.fromKeyId} any more: retired.`;
  }
}

/** The outcome (stdout), with what the operator does next. */
export function formatRotationOutcome(outcome: RotationOutcome): string {
  const keys = `${outcome.fromKeyId} → ${outcome.toKeyId}`;
  if (outcome.interrupted) {
    return (
      `Interrupted: ${outcome.done} of ${outcome.total} tokens rewrapped (${keys}). Every token still opens; ` +
      'run `forgekeeper keys rotate` again to resume.\n'
    );
  }
  if (!outcome.finished) {
    return (
      `${outcome.damaged.length} tokens could not be rewrapped: their data key does not open with ${outcome.fromKeyId} ` +
      `(damaged). ${outcome.fromKeyId} stays in use until they are gone: remove them ` +
      '(`forgekeeper tokens remove ID`), then run `forgekeeper keys rotate` again.\n' +
      outcome.damaged.map((id) => `  ${id}\n`).join('')
    );
  }
  let text = `Rotated master key ${keys}: ${outcome.done} tokens rewrapped; ${outcome.fromKeyId} is retired.\n`;
  if (outcome.files !== null) {
    text +=
      `The new key is in ${outcome.files.key}: back it up now (without it no token can be decrypted).\n` +
      `The old key is kept as ${outcome.files.oldKey} for database backups made before this rotation; delete it once none is left.\n`;
  } else {
    text +=
      `Now give every process the new key ${outcome.toKeyId} as ${MASTER_KEY_ENV} (or in the file ${MASTER_KEY_FILE_ENV} names) ` +
      `and remove ${outcome.fromKeyId} from ${PREVIOUS_KEYS_ENV}; a process left with only ${outcome.fromKeyId} can no longer seal tokens.\n`;
  }
  return text;
}
