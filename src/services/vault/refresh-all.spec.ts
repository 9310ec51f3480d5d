import { describe, expect, it } from 'vitest';
import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import type { Store, TokenKey, TokenWithSealed } from '../../store/index.js';
import { CheckReads } from './refresh-all.js';

/** A store whose `getManyWithSealed` records each call; `fail` answers the next call with an error. */
function fakeStore(present: readonly TokenKey[]) {
  const calls: TokenKey[][] = [];
  let fail = false;
  const store = {
    tokens: {
      async getManyWithSealed(keys: readonly TokenKey[]) {
        calls.push([...keys]);
        if (fail) {
          fail = false;
          return err(fkError('store_busy'));
        }
        return ok(
          present
            .filter((p) => keys.some((k) => k.id === p.id && k.ownerId === p.ownerId))
            .map(
              (p) => ({ record: { id: p.id, ownerId: p.ownerId }, sealed: {} }) as unknown as TokenWithSealed,
            ),
        );
      },
    },
  } as unknown as Store;
  return { store, calls, failNext: () => (fail = true) };
}

const key = (id: string): TokenKey => ({ ownerId: 'o', id });

describe('CheckReads', () => {
  it('reads the checks that start in one turn with one statement, each answered with its own row', async () => {
    const { store, calls } = fakeStore([key('a'), key('b')]);
    const reads = new CheckReads(store);
    const [a, b, gone] = await Promise.all([
      reads.read(key('a')),
      reads.read(key('b')),
      reads.read(key('x')),
    ]);
    expect(calls).toEqual([[key('a'), key('b'), key('x')]]);
    expect(a.ok && a.value.record.id).toBe('a');
    expect(b.ok && b.value.record.id).toBe('b');
    expect(gone.ok ? null : gone.error.code).toBe('not_found');
  });

  it('reads again for checks that start later (nothing is read ahead or kept)', async () => {
    const { store, calls } = fakeStore([key('a')]);
    const reads = new CheckReads(store);
    expect((await reads.read(key('a'))).ok).toBe(true);
    expect((await reads.read(key('a'))).ok).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('answers every read of a failed statement with its error', async () => {
    const { store, failNext } = fakeStore([key('a')]);
    const reads = new CheckReads(store);
    failNext();
    const answers = await Promise.all([reads.read(key('a')), reads.read(key('b'))]);
    expect(answers.map((answer) => (answer.ok ? 'ok' : answer.error.code))).toEqual([
      'store_busy',
      'store_busy',
    ]);
  });
});
