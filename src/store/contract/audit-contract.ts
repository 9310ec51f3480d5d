import { describe, expect, it } from 'vitest';
import type { ContractContext } from '../store.contract.js';
import { errorCode, makeOwner, makeToken, unwrap } from '../testing/factories.js';
import type { AuditEvent, AuditQuery, NewAuditEvent, Page } from '../types.js';

export function auditContract(get: () => ContractContext): void {
  describe('audit events', () => {
    const event = (ownerId: string, overrides: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
      ownerId,
      actor: 'cli',
      action: 'check',
      outcome: 'ok',
      ...overrides,
    });
    const listAll = async (ownerId: string, query: Omit<AuditQuery, 'limit' | 'cursor'>, limit: number) => {
      const pages: AuditEvent[][] = [];
      let cursor: string | null = null;
      do {
        const page: Page<AuditEvent> = unwrap(
          await get().store.audit.list(ownerId, { ...query, limit, cursor }),
        );
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      return pages;
    };

    it('appends many events at once, in order, each as append would store it; none when one is refused', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const many = Array.from({ length: 130 }, (_, i) =>
        event(owner.id, { tokenId: `tok-${i}`, at: `2026-02-01T00:00:${String(i % 60).padStart(2, '0')}Z` }),
      );
      const appended = unwrap(await store.audit.appendMany(many));
      expect(appended).toHaveLength(130);
      expect(appended[0]).toMatchObject({
        ownerId: owner.id,
        tokenId: 'tok-0',
        at: '2026-02-01T00:00:00.000Z',
      });
      const listed = (await listAll(owner.id, {}, 1000)).flat();
      expect(new Map(listed.map((e) => [e.id, e]))).toEqual(new Map(appended.map((e) => [e.id, e])));
      expect(unwrap(await store.audit.appendMany([]))).toEqual([]);
      // A repeated id fails the second chunk: the first chunk is not kept either.
      const other = await makeOwner(store);
      const clash = Array.from({ length: 101 }, (_, i) => event(other.id, { id: `${other.id}-${i % 100}` }));
      expect(errorCode(await store.audit.appendMany(clash))).toBe('conflict');
      expect((await listAll(other.id, {}, 1000)).flat()).toEqual([]);
    });

    it('appends events and lists them newest first, per owner', async () => {
      const { store } = get();
      const [owner, other] = [await makeOwner(store), await makeOwner(store)];
      const appended = unwrap(
        await store.audit.append(
          event(owner.id, {
            action: 'use',
            forge: 'gitlab',
            tokenId: 'tok-1',
            target: 'push group/project',
            outcome: 'error',
            errorCode: 'insufficient_scope',
            at: '2026-01-01T00:00:00Z',
          }),
        ),
      );
      expect(appended).toMatchObject({
        ownerId: owner.id,
        actor: 'cli',
        action: 'use',
        forge: 'gitlab',
        tokenId: 'tok-1',
        target: 'push group/project',
        outcome: 'error',
        errorCode: 'insufficient_scope',
        at: '2026-01-01T00:00:00.000Z',
      });
      const later = unwrap(await store.audit.append(event(owner.id)));
      unwrap(await store.audit.append(event(other.id)));

      const page = unwrap(await store.audit.list(owner.id, { limit: 10 }));
      expect(page.items).toEqual([later, appended]);
      expect(page.nextCursor).toBeNull();
    });

    it('filters by token, action, outcome and time', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const at = (day: number) => `2026-01-0${day}T00:00:00.000Z`;
      const rows = [
        event(owner.id, { at: at(1), tokenId: 't1', action: 'add' }),
        event(owner.id, {
          at: at(2),
          tokenId: 't1',
          action: 'check',
          outcome: 'error',
          errorCode: 'rate_limited',
        }),
        event(owner.id, { at: at(3), tokenId: 't2', action: 'check' }),
        event(owner.id, { at: at(4), tokenId: 't2', action: 'remove' }),
      ];
      for (const row of rows) unwrap(await store.audit.append(row));
      const actions = async (query: Omit<AuditQuery, 'limit'>) =>
        unwrap(await store.audit.list(owner.id, { ...query, limit: 50 })).items.map(
          (e) => `${e.tokenId}:${e.action}`,
        );

      expect(await actions({ tokenId: 't1' })).toEqual(['t1:check', 't1:add']);
      expect(await actions({ action: 'check' })).toEqual(['t2:check', 't1:check']);
      expect(await actions({ outcome: 'error' })).toEqual(['t1:check']);
      expect(await actions({ since: at(3) })).toEqual(['t2:remove', 't2:check']);
      expect(await actions({ tokenId: 't2', action: 'check', since: at(2) })).toEqual(['t2:check']);
    });

    it('pages with a cursor: every event once, in order, even with equal times', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      for (let i = 0; i < 25; i += 1) {
        // Pairs share an instant, so the cursor must break ties by id.
        unwrap(
          await store.audit.append(
            event(owner.id, { at: `2026-01-01T00:00:${String(i >> 1).padStart(2, '0')}Z` }),
          ),
        );
      }
      const pages = await listAll(owner.id, {}, 10);
      expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
      const all = pages.flat();
      expect(new Set(all.map((e) => e.id)).size).toBe(25);
      const keys = all.map((e) => `${e.at}|${e.id}`);
      expect(keys).toEqual([...keys].sort().reverse());

      expect(errorCode(await store.audit.list(owner.id, { limit: 10, cursor: 'not-a-cursor' }))).toBe(
        'invalid_input',
      );
      expect(errorCode(await store.audit.list(owner.id, { limit: 0 }))).toBe('invalid_input');
    });

    it('keeps a token’s events after the token is deleted', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const token = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      unwrap(
        await store.audit.append(event(owner.id, { tokenId: token.id, action: 'add', forge: 'github' })),
      );
      unwrap(await store.tokens.delete(owner.id, token.id));
      unwrap(
        await store.audit.append(event(owner.id, { tokenId: token.id, action: 'remove', forge: 'github' })),
      );

      const page = unwrap(await store.audit.list(owner.id, { tokenId: token.id, limit: 10 }));
      expect(page.items.map((e) => e.action)).toEqual(['remove', 'add']);
    });
  });
}
