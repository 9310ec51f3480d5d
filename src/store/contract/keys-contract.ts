import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from '../store.contract.js';
import { errorCode, unwrap } from '../testing/factories.js';
import type { MasterKeyState, NewMasterKey } from '../types.js';

export function keysContract(get: () => ContractContext): void {
  describe('master keys and rotation progress', () => {
    it('records keys, allows one active key, and moves keys through their states', async () => {
      const { store } = get();
      const key = (id: string, state: MasterKeyState): NewMasterKey => ({
        id,
        state,
        checkValue: new Uint8Array(randomBytes(32)),
        wrappedFingerprintKey: new Uint8Array(randomBytes(60)),
      });
      const first = key('mk-1', 'active');
      const k1 = unwrap(await store.keys.insert(first));
      expect(k1).toEqual({ ...first, createdAt: k1.createdAt, retiredAt: null });
      expect(errorCode(await store.keys.insert(key('mk-2', 'active')))).toBe('conflict');
      expect(errorCode(await store.keys.insert(key('mk-1', 'retiring')))).toBe('conflict');

      unwrap(await store.keys.insert(key('mk-2', 'retiring')));
      // Swap the active key in one transaction, in the order the one-active rule allows.
      unwrap(
        await store.transaction(async (tx) => {
          const retiring = await tx.keys.setState('mk-1', 'retiring');
          if (!retiring.ok) return retiring;
          return tx.keys.setState('mk-2', 'active');
        }),
      );
      const retired = unwrap(await store.keys.setState('mk-1', 'retired'));
      expect(retired.retiredAt).not.toBeNull();
      expect(retired.checkValue).toEqual(first.checkValue);
      expect(unwrap(await store.keys.list()).map((k) => `${k.id}:${k.state}`)).toEqual([
        'mk-1:retired',
        'mk-2:active',
      ]);
      expect(errorCode(await store.keys.setState('mk-9', 'retired'))).toBe('not_found');
    });

    it('saves rotation progress and finds the unfinished rotation to resume', async () => {
      const { store } = get();
      expect(unwrap(await store.keys.getRotation())).toBeNull();
      const started = {
        fromKeyId: 'rk-1',
        toKeyId: 'rk-2',
        startedAt: '2026-01-01T00:00:00.000Z',
        done: 0,
        total: 10,
        cursor: null,
        finishedAt: null,
      };
      unwrap(await store.keys.saveRotation(started));
      unwrap(await store.keys.saveRotation({ ...started, done: 4, cursor: 'tok-4' }));
      expect(unwrap(await store.keys.getRotation())).toEqual({ ...started, done: 4, cursor: 'tok-4' });

      const finished = { ...started, done: 10, cursor: 'tok-10', finishedAt: '2026-01-01T01:00:00.000Z' };
      unwrap(await store.keys.saveRotation(finished));
      const next = { ...started, fromKeyId: 'rk-2', toKeyId: 'rk-3', startedAt: '2025-12-01T00:00:00.000Z' };
      unwrap(await store.keys.saveRotation(next));
      // Unfinished first, even when it started earlier.
      expect(unwrap(await store.keys.getRotation())).toEqual(next);
      unwrap(await store.keys.saveRotation({ ...next, finishedAt: '2026-02-01T00:00:00.000Z' }));
      expect(unwrap(await store.keys.getRotation())).toEqual(finished);
    });
  });
}
