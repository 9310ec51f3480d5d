import { describe, expect, it } from 'vitest';
import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import { recordChecksIn, type Store, type StoreTx } from '../../store/index.js';
import type { CheckWrite } from './check.js';
import { CheckBatch } from './check-batch.js';

/**
 * A store whose transactions record which checks they committed; `busy` fails the next N
 * transactions. `recordChecks` runs the store's own in-transaction recording over them.
 */
function fakeStore(options: { busy?: number } = {}) {
  let busy = options.busy ?? 0;
  const committed: string[][] = [];
  const audited: string[][] = [];
  const store = {
    recordChecks(writes: readonly CheckWrite[]) {
      return store.transaction((tx) => recordChecksIn(tx, writes));
    },
    async transaction<T>(fn: (tx: StoreTx) => Promise<T>) {
      if (busy > 0) {
        busy--;
        return err(fkError('store_busy'));
      }
      const staged: string[] = [];
      const tx = {
        tokens: {
          update: async (_ownerId: string, id: string) => {
            if (id === 'gone') return err(fkError('not_found'));
            staged.push(id);
            return ok({ id });
          },
        },
        audit: {
          append: async () => ok({}),
          appendMany: async (events: { tokenId: string }[]) => {
            audited.push(events.map((event) => event.tokenId));
            return ok([]);
          },
        },
      } as unknown as StoreTx;
      const result = await fn(tx);
      if ((result as { ok: boolean }).ok) committed.push(staged);
      return result;
    },
  };
  return { store: store as unknown as Store, committed, audited };
}

const write = (id: string): CheckWrite => ({
  ownerId: 'o',
  id,
  patch: { status: 'active', statusCode: null },
  event: { ownerId: 'o', actor: 'scheduler', action: 'check', tokenId: id, outcome: 'ok' },
});

describe('CheckBatch', () => {
  it('commits a transaction per `size` checks, and the rest when drained', async () => {
    const { store, committed } = fakeStore();
    const batch = new CheckBatch(store, { size: 3, delayMs: 60_000 });
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) batch.add(write(id));
    await batch.drain();
    expect(committed).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  });

  it('commits what waits once the delay after its first check has passed', async () => {
    const { store, committed } = fakeStore();
    const batch = new CheckBatch(store, { size: 50, delayMs: 5 });
    batch.add(write('a'));
    batch.add(write('b'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(committed).toEqual([['a', 'b']]);
    await batch.drain();
    expect(committed).toEqual([['a', 'b']]);
  });

  it('skips a token deleted since its check without losing the others', async () => {
    const { store, committed, audited } = fakeStore();
    const batch = new CheckBatch(store, { size: 3 });
    for (const id of ['b', 'gone', 'a']) batch.add(write(id));
    await batch.drain();
    // Written in id order; the deleted token gets no audit event.
    expect(committed).toEqual([['a', 'b']]);
    expect(audited).toEqual([['a', 'b']]);
  });

  it('writes a batch whose transaction failed again one check per transaction', async () => {
    const { store, committed } = fakeStore({ busy: 2 });
    const batch = new CheckBatch(store, { size: 3 });
    for (const id of ['a', 'b', 'c']) batch.add(write(id));
    await batch.drain();
    // The batch failed, then `a` alone failed too (still busy); `b` and `c` landed one by one.
    expect(committed).toEqual([['b'], ['c']]);
  });
});
