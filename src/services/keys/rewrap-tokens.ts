import { type KeyRing, rewrap, type SealedSecret } from '../../crypto/index.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { KeyRotation, SealedTokenRow, Store, StoreTx } from '../../store/index.js';
import { takeKeyFence } from './fence.js';

export interface RewrapOptions {
  batchSize: number;
  pauseMs: number;
  signal?: AbortSignal;
  onBatch: (rotation: KeyRotation) => Promise<void>;
  now: () => Date;
}

export interface RewrapResult {
  rotation: KeyRotation;
  /** The old key is retired. */
  finished: boolean;
  interrupted: boolean;
  damaged: string[];
}

/** Passes in a row that rewrap nothing while rows remain: something keeps writing under the old key. */
const MAX_FRUITLESS_PASSES = 5;

/**
 * Moves every token from `rotation.fromKeyId` to `toKeyId`, then retires the old key.
 * Each batch is one transaction: the rewraps (compare-and-set: a row a writer changed meanwhile is
 * left to the next pass) and the progress (`done`, `cursor`), so after a SIGKILL the saved cursor
 * is exactly where the committed work ends. A pass runs from the cursor to the last id; rows written
 * under the old key meanwhile (by a process that cannot load the new key) or skipped by the
 * compare-and-set are picked up by another pass from the start. The key is retired in a transaction
 * that counts zero rows under it behind the key fence, so no writer can slip one in between.
 */
export async function rewrapAll(
  store: Store,
  ring: KeyRing,
  start: KeyRotation,
  options: RewrapOptions,
): Promise<Result<RewrapResult, FkError>> {
  let rotation = start;
  const damaged = new Set<string>();
  let fruitless = 0;
  for (;;) {
    const pass = await rewrapPass(store, ring, rotation, damaged, options);
    if (!pass.ok) return pass;
    rotation = pass.value.rotation;
    const result = (finished: boolean, interrupted: boolean) =>
      ok({ rotation, finished, interrupted, damaged: [...damaged] });
    if (pass.value.interrupted) return result(false, true);
    const ended = await retireIfDone(store, rotation, options.now);
    if (!ended.ok) return ended;
    rotation = ended.value.rotation;
    if (rotation.finishedAt !== null) return result(true, false);
    if (ended.value.remaining <= damaged.size) return result(false, false);
    fruitless = pass.value.rewrapped === 0 ? fruitless + 1 : 0;
    if (fruitless >= MAX_FRUITLESS_PASSES) {
      return err(
        fkError('conflict', {
          message: `${ended.value.remaining} tokens are still under master key ${rotation.fromKeyId} after ${MAX_FRUITLESS_PASSES} passes that rewrapped none.`,
          remediation: 'Run `forgekeeper keys rotate` again in a moment; it resumes.',
        }),
      );
    }
  }
}

interface Pass {
  rotation: KeyRotation;
  interrupted: boolean;
  rewrapped: number;
}

async function rewrapPass(
  store: Store,
  ring: KeyRing,
  start: KeyRotation,
  damaged: Set<string>,
  options: RewrapOptions,
): Promise<Result<Pass, FkError>> {
  let rotation = start;
  let cursor = start.cursor;
  let rewrapped = 0;
  for (;;) {
    if (options.signal?.aborted) return ok({ rotation, interrupted: true, rewrapped });
    const batch = await store.tokens.listSealedBatch(cursor, options.batchSize, rotation.fromKeyId);
    if (!batch.ok) return batch;
    const last = batch.value.at(-1);
    if (last === undefined) return ok({ rotation, interrupted: false, rewrapped });
    const prepared: { row: SealedTokenRow; next: SealedSecret }[] = [];
    for (const row of batch.value) {
      const context = { tokenId: row.id, ownerId: row.ownerId, forge: row.forge };
      const next = rewrap(row.sealed, context, ring, rotation.toKeyId);
      if (next.ok) prepared.push({ row, next: next.value });
      else if (next.error.code === 'token_undecryptable') damaged.add(row.id);
      else return next;
    }
    const saved = await store.transaction(async (tx) => {
      const fenced = await takeKeyFence(tx);
      if (!fenced.ok) return fenced;
      let count = 0;
      for (const { row, next } of prepared) {
        const expected = { keyId: rotation.fromKeyId, wrappedKey: row.sealed.wrappedKey };
        const swapped = await tx.tokens.rewrap(row.id, expected, next);
        if (!swapped.ok) return swapped;
        if (swapped.value) count += 1;
      }
      const progress = await saveProgress(tx, rotation, (latest) => ({
        done: latest.done + count,
        cursor: latest.cursor === null || latest.cursor < last.id ? last.id : latest.cursor,
      }));
      return progress.ok ? ok({ rotation: progress.value, count }) : progress;
    });
    if (!saved.ok) return saved;
    rotation = saved.value.rotation;
    rewrapped += saved.value.count;
    cursor = last.id;
    await options.onBatch(rotation);
    if (options.pauseMs > 0) await pause(options.pauseMs, options.signal);
  }
}

/** Retires the old key when no row uses it; else resets the cursor and recounts for another pass. */
async function retireIfDone(
  store: Store,
  rotation: KeyRotation,
  now: () => Date,
): Promise<Result<{ rotation: KeyRotation; remaining: number }, FkError>> {
  return store.transaction(async (tx) => {
    const fenced = await takeKeyFence(tx);
    if (!fenced.ok) return fenced;
    const latest = await latestOf(tx, rotation);
    if (!latest.ok) return latest;
    // Finished by another `keys rotate` running at the same time.
    if (latest.value.finishedAt !== null) return ok({ rotation: latest.value, remaining: 0 });
    const remaining = await tx.tokens.countSealed(rotation.fromKeyId);
    if (!remaining.ok) return remaining;
    if (remaining.value > 0) {
      const total = latest.value.done + remaining.value;
      const again = await tx.keys.saveRotation({ ...latest.value, cursor: null, total });
      return again.ok ? ok({ rotation: again.value, remaining: remaining.value }) : again;
    }
    const retired = await tx.keys.setState(rotation.fromKeyId, 'retired');
    if (!retired.ok) return retired;
    const finishedAt = now().toISOString();
    const finished = await tx.keys.saveRotation({ ...latest.value, total: latest.value.done, finishedAt });
    return finished.ok ? ok({ rotation: finished.value, remaining: 0 }) : finished;
  });
}

/**
 * Read-modify-write of the progress record inside the caller's fenced transaction: two
 * `keys rotate` runs at once (safe: the compare-and-set lets each row be counted once) add up
 * their `done` instead of overwriting each other's.
 */
async function saveProgress(
  tx: StoreTx,
  rotation: KeyRotation,
  change: (latest: KeyRotation) => Partial<KeyRotation>,
): Promise<Result<KeyRotation, FkError>> {
  const latest = await latestOf(tx, rotation);
  if (!latest.ok) return latest;
  return tx.keys.saveRotation({ ...latest.value, ...change(latest.value) });
}

/** This rotation's record as committed now (`getRotation` answers the unfinished one, else the latest). */
async function latestOf(tx: StoreTx, rotation: KeyRotation): Promise<Result<KeyRotation, FkError>> {
  const current = await tx.keys.getRotation();
  if (!current.ok) return current;
  const same = current.value?.fromKeyId === rotation.fromKeyId && current.value.toKeyId === rotation.toKeyId;
  return ok(same && current.value !== null ? current.value : rotation);
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
