/**
 * Master keys (DESIGN principle 2, docs/keys.md): where they come from, which one seals, rotation
 * without downtime (`rotateMasterKey`), its status (`keyStatus`), and the guarded store that keeps
 * running processes safe while another process rotates.
 */
export { KEY_FENCE_SETTING } from './fence.js';
export { guardStore } from './guarded-store.js';
export { isRingOutdated } from './key-errors.js';
export {
  archiveRetiredKey,
  type DataDirKey,
  type KeyFileRole,
  mainKeyPath,
  NEXT_KEY_FILE,
  nextKeyPath,
  previousKeyPath,
  promoteNextKey,
  readExtraKeyFiles,
  retiredKeyPath,
  stageNextKey,
} from './key-files.js';
export {
  describeOrigin,
  type KeyMode,
  type KeyOrigin,
  type KeySet,
  keyModeOf,
  loadKeySet,
  PREVIOUS_KEYS_ENV,
  type SourcedKey,
} from './key-sources.js';
export {
  type KeyStatus,
  type KeyStatusEntry,
  type KeyStatusOptions,
  keyStatus,
  type RotationStatus,
} from './key-status.js';
export { createKeyWatch, type KeyWatch, RELOAD_INTERVAL_MS } from './key-watch.js';
export { LiveKeyRing } from './live-key-ring.js';
export { rotateMasterKey } from './rotate-master-key.js';
export type {
  NewKeyInput,
  RotateKeysOptions,
  RotationOutcome,
  RotationProgress,
  RotationStep,
} from './types.js';
export { type UnlockedKeys, unlockKeys } from './unlock-keys.js';
