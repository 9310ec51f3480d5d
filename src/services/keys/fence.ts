import type { StoreResult, StoreTx } from '../../store/index.js';

/** The settings row every sealed write and every retirement writes first. */
export const KEY_FENCE_SETTING = 'master_key_fence';

/**
 * Serialises "check which keys may seal, then write a sealed row" against "count the rows under a
 * key, then retire it". Without it, on PostgreSQL (READ COMMITTED) a writer could read "retiring",
 * the rotation count zero rows and retire, and the writer then commit a row that only the retired
 * key opens. Writing one common row first makes the two take turns; every statement after it sees
 * what the other committed. On SQLite BEGIN IMMEDIATE already serialises writers; the write is
 * harmless there. Take it first in a transaction so lock order is the same everywhere.
 */
export function takeKeyFence(tx: StoreTx): StoreResult<void> {
  return tx.settings.set(KEY_FENCE_SETTING, new Date().toISOString());
}
