import { describe, expect, it } from 'vitest';
import type { OneTimeCodeRecord } from '../account-types.js';
import type { ContractContext } from '../store.contract.js';
import { makeUser, randomHash } from '../testing/account-factories.js';
import { errorCode, unwrap } from '../testing/factories.js';

const MIN = 60_000;
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * MIN).toISOString();

/** One-time codes, the setup marker and login throttling: the records that guard the way in. */
export function accessContract(get: () => ContractContext): void {
  describe('one-time codes, setup and login throttling', () => {
    const code = (overrides: Partial<OneTimeCodeRecord> = {}): OneTimeCodeRecord => ({
      codeHash: randomHash(),
      purpose: 'setup',
      userId: null,
      createdAt: at(0),
      expiresAt: at(60),
      ...overrides,
    });

    it('finds unexpired codes of their purpose only, and consumes each exactly once', async () => {
      const { store } = get();
      const setup = unwrap(await store.oneTimeCodes.insert(code()));
      expect(unwrap(await store.oneTimeCodes.find('setup', setup.codeHash, at(1)))).toEqual(setup);
      expect(unwrap(await store.oneTimeCodes.find('invite', setup.codeHash, at(1)))).toBeNull();
      expect(unwrap(await store.oneTimeCodes.find('setup', setup.codeHash, at(60)))).toBeNull();
      expect(unwrap(await store.oneTimeCodes.consume('setup', setup.codeHash, at(60)))).toBeNull();

      const racing = await Promise.all(
        Array.from({ length: 5 }, () => store.oneTimeCodes.consume('setup', setup.codeHash, at(1))),
      );
      expect(racing.map(unwrap).filter((r) => r !== null)).toEqual([setup]);
      expect(unwrap(await store.oneTimeCodes.find('setup', setup.codeHash, at(1)))).toBeNull();
    });

    it('deletes codes by purpose and user, and expired codes', async () => {
      const { store } = get();
      const [ada, bob] = [await makeUser(store, { passwordHash: null }), await makeUser(store)];
      const adaCode = unwrap(await store.oneTimeCodes.insert(code({ purpose: 'invite', userId: ada.id })));
      const bobCode = unwrap(await store.oneTimeCodes.insert(code({ purpose: 'invite', userId: bob.id })));
      expect(unwrap(await store.oneTimeCodes.deleteAll('invite', ada.id))).toBe(1);
      expect(unwrap(await store.oneTimeCodes.find('invite', adaCode.codeHash, at(1)))).toBeNull();
      expect(unwrap(await store.oneTimeCodes.find('invite', bobCode.codeHash, at(1)))).not.toBeNull();

      const old = unwrap(await store.oneTimeCodes.insert(code({ expiresAt: at(-1) })));
      expect(unwrap(await store.oneTimeCodes.deleteExpired(at(0)))).toBeGreaterThanOrEqual(1);
      expect(unwrap(await store.oneTimeCodes.consume('setup', old.codeHash, at(-2)))).toBeNull();
      expect(errorCode(await store.oneTimeCodes.insert(code({ purpose: 'invite', userId: 'nobody' })))).toBe(
        'not_found',
      );
    });

    it('records setup once: of several racing setups exactly one wins', async () => {
      const fresh = await get().makeTarget();
      const stores = await Promise.all([fresh.open(), fresh.open()]);
      try {
        const [first, second] = stores;
        expect(unwrap(await first!.setup.get())).toBeNull();
        const results = await Promise.all(
          [first!, second!, first!, second!].map((s, i) =>
            s.setup.complete({ adminUserId: `admin-${i}`, completedAt: at(i) }),
          ),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual([
          'conflict',
          'conflict',
          'conflict',
        ]);
        const winner = results.find((r) => r.ok);
        expect(unwrap(await second!.setup.get())).toEqual(winner?.ok ? winner.value : null);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
        await fresh.dispose();
      }
    });

    it('counts failures in a window, atomically, and starts again in a new window', async () => {
      const { store } = get();
      const key = `user:${store.newId()}`;
      const failure = (minutes: number) =>
        store.loginThrottle.recordFailure(key, {
          at: at(minutes),
          windowStart: at(minutes - 15),
          decayBefore: at(minutes - 24 * 60),
        });
      const racing = await Promise.all(Array.from({ length: 8 }, () => failure(0)));
      expect(racing.map((r) => unwrap(r).failures).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(unwrap(await failure(10))).toMatchObject({ failures: 9, windowStartedAt: at(0) });
      expect(unwrap(await failure(16))).toMatchObject({ failures: 1, windowStartedAt: at(16), lockouts: 0 });
      expect(unwrap(await store.loginThrottle.get([key, 'ip:nobody']))).toHaveLength(1);
    });

    it('locks once when several requests reach the threshold, and forgets lockouts after a quiet day', async () => {
      const { store } = get();
      const key = `ip:${store.newId()}`;
      const fail = (minutes: number) =>
        store.loginThrottle.recordFailure(key, {
          at: at(minutes),
          windowStart: at(minutes - 15),
          decayBefore: at(minutes - 24 * 60),
        });
      for (let i = 0; i < 4; i += 1) unwrap(await fail(0));
      const lock = () => store.loginThrottle.lock(key, { at: at(1), until: at(16), threshold: 5 });
      expect(unwrap(await lock())).toBeNull();
      unwrap(await fail(1));
      const locks = (await Promise.all([lock(), lock(), lock()])).map(unwrap);
      expect(locks.filter((l) => l !== null)).toEqual([
        { key, failures: 0, windowStartedAt: at(1), lockouts: 1, lockedUntil: at(16), updatedAt: at(1) },
      ]);

      expect(unwrap(await fail(20))).toMatchObject({ failures: 1, lockouts: 1 });
      expect(unwrap(await fail(20 + 24 * 60 + 1))).toMatchObject({ failures: 1, lockouts: 0 });
      unwrap(await store.loginThrottle.clear(key));
      expect(unwrap(await store.loginThrottle.get([key]))).toEqual([]);
    });

    it('deletes stale records but keeps locked ones', async () => {
      const { store } = get();
      const [stale, locked] = [`user:${store.newId()}`, `user:${store.newId()}`];
      const input = { at: at(0), windowStart: at(-15), decayBefore: at(-1440) };
      unwrap(await store.loginThrottle.recordFailure(stale, input));
      unwrap(await store.loginThrottle.recordFailure(locked, input));
      unwrap(await store.loginThrottle.lock(locked, { at: at(0), until: at(10_000), threshold: 1 }));
      expect(unwrap(await store.loginThrottle.deleteStale(at(100), at(100)))).toBeGreaterThanOrEqual(1);
      expect(unwrap(await store.loginThrottle.get([stale, locked])).map((r) => r.key)).toEqual([locked]);
    });
  });
}
