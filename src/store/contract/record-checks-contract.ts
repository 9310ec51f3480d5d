import { describe, expect, it } from 'vitest';
import type { ContractContext } from '../store.contract.js';
import { makeOwner, makeToken, unwrap } from '../testing/factories.js';
import type { CheckedTokenWrite } from '../types.js';

const CHECKED_AT = '2030-02-03T04:05:06.000Z';

function checked(ownerId: string, id: string, status = 'active'): CheckedTokenWrite {
  return {
    ownerId,
    id,
    patch: { status, statusCode: status === 'invalid' ? 'bad_credentials' : null, lastCheckedAt: CHECKED_AT },
    event: { ownerId, actor: 'scheduler', action: 'check', tokenId: id, forge: 'github', outcome: 'ok' },
  };
}

/** `recordChecks`: the batch write of Refresh All (on SQLite from a thread of its own). */
export function recordChecksContract(get: () => ContractContext): void {
  describe('recordChecks', () => {
    it('updates each token and appends its event; a token deleted meanwhile is skipped with its event', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const a = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      const b = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      const gone = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      const before = unwrap(await store.tokens.list(owner.id)); // cached: the write must show anyway
      expect(before).toHaveLength(3);
      unwrap(await store.tokens.delete(owner.id, gone.id));

      const recorded = await store.recordChecks([
        checked(owner.id, a.id),
        checked(owner.id, gone.id),
        checked(owner.id, b.id, 'invalid'),
      ]);
      expect(recorded).toEqual({ ok: true, value: 2 });
      const listed = unwrap(await store.tokens.list(owner.id));
      expect(listed.map((token) => [token.id, token.status, token.statusCode, token.lastCheckedAt])).toEqual([
        [a.id, 'active', null, CHECKED_AT],
        [b.id, 'invalid', 'bad_credentials', CHECKED_AT],
      ]);
      const events = unwrap(await store.audit.list(owner.id, { action: 'check', limit: 10, cursor: null }));
      expect(events.items.map((event) => event.tokenId).sort()).toEqual([a.id, b.id].sort());
    });

    it('records all of a batch or none of it', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const a = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      const b = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      const first = checked(owner.id, a.id);
      // The second event repeats the first one's id: its insert fails, and the whole batch with it.
      const id = store.newId();
      const failed = await store.recordChecks([
        { ...first, event: { ...first.event, id } },
        { ...checked(owner.id, b.id), event: { ...checked(owner.id, b.id).event, id } },
      ]);
      expect(failed).toMatchObject({ ok: false, error: { code: 'conflict' } });
      const listed = unwrap(await store.tokens.list(owner.id));
      expect(listed.map((token) => token.lastCheckedAt)).toEqual([null, null]);
      expect(unwrap(await store.audit.list(owner.id, { limit: 10, cursor: null })).items).toEqual([]);
    });

    it('answers 0 for nothing to record', async () => {
      expect(await get().store.recordChecks([])).toEqual({ ok: true, value: 0 });
    });
  });
}
