import { describe, expect, it } from 'vitest';
import { fkError } from '../../domain/errors/error.js';
import { err } from '../../domain/result.js';
import type { ContractContext } from '../store.contract.js';
import type { Store } from '../store.js';
import { makeOwner, makeSealed, makeToken, unwrap } from '../testing/factories.js';
import type { TokenRecord } from '../types.js';

/** The list as the database holds it now: read inside a transaction, where no cache answers. */
const fresh = async (store: Store, ownerId: string): Promise<TokenRecord[]> =>
  unwrap(await store.transaction((tx) => tx.tokens.list(ownerId)));

/**
 * The owner's token list is kept between reads while the owner's `tokens_version` says nothing
 * changed (migration 0004): every kind of write, from this store or another one on the same
 * database (another process), must show in the next list.
 */
export function tokenReadsContract(get: () => ContractContext): void {
  describe('token lists stay exact across writers', () => {
    it('shows every write made through another store on the same database in the next list', async () => {
      const { store, target } = get();
      const other = await target.open();
      try {
        const owner = await makeOwner(store);
        const first = unwrap(await other.tokens.insert(makeToken(other, owner.id, { label: 'one' })));
        const expectList = async () => {
          const listed = unwrap(await store.tokens.list(owner.id));
          expect(listed).toEqual(await fresh(other, owner.id));
          return listed;
        };
        expect(await expectList()).toHaveLength(1);
        expect(await expectList()).toHaveLength(1); // the cached answer is the same

        const second = unwrap(await other.tokens.insert(makeToken(other, owner.id)));
        expect((await expectList()).map((t) => t.id)).toEqual([first.id, second.id]);

        unwrap(await other.tokens.update(owner.id, first.id, { lastUsedAt: '2030-01-01T00:00:00.000Z' }));
        expect((await expectList())[0]?.lastUsedAt).toBe('2030-01-01T00:00:00.000Z');

        unwrap(await other.tokens.setDefault(owner.id, second.id));
        expect((await expectList())[1]?.isDefault).toBe(true);

        const keyId = first.keyId;
        expect(unwrap(await other.tokens.rewrap(first.id, { keyId }, makeSealed('key-2')))).toBe(true);
        expect((await expectList())[0]?.keyId).toBe('key-2');

        unwrap(
          await other.tokens.upsertByFingerprint({
            ...makeToken(other, owner.id),
            fingerprint: second.fingerprint,
            label: 'two',
          }),
        );
        expect((await expectList())[1]?.label).toBe('two');

        unwrap(await other.tokens.delete(owner.id, first.id));
        expect((await expectList()).map((t) => t.id)).toEqual([second.id]);
      } finally {
        await other.close();
      }
    });

    it('shows its own writes, and no write of a transaction that rolled back', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const kept = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      expect(unwrap(await store.tokens.list(owner.id)).map((t) => t.id)).toEqual([kept.id]);
      const failed = await store.transaction(async (tx) => {
        unwrap(await tx.tokens.insert(makeToken(store, owner.id)));
        unwrap(await tx.tokens.update(owner.id, kept.id, { label: 'renamed' }));
        expect(unwrap(await tx.tokens.list(owner.id))).toHaveLength(2);
        return err(fkError('conflict'));
      });
      expect(failed.ok).toBe(false);
      expect(unwrap(await store.tokens.list(owner.id))).toEqual([kept]);
      unwrap(
        await store.tokens.update(owner.id, kept.id, { status: 'revoked', statusCode: 'token_revoked' }),
      );
      expect(unwrap(await store.tokens.list(owner.id))[0]).toMatchObject({ status: 'revoked' });
    });

    it('filters the list by forge, API URL and status, oldest first', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const github = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      const gitlab = unwrap(
        await store.tokens.insert(
          makeToken(store, owner.id, {
            forge: 'gitlab',
            apiUrl: 'https://gitlab.example.com/api/v4',
            kind: 'personal',
            status: 'revoked',
          }),
        ),
      );
      const ids = async (filter: Parameters<Store['tokens']['list']>[1]) =>
        unwrap(await store.tokens.list(owner.id, filter)).map((t) => t.id);
      expect(await ids({})).toEqual([github.id, gitlab.id]);
      expect(await ids({ forge: 'gitlab' })).toEqual([gitlab.id]);
      expect(await ids({ apiUrl: 'https://api.github.com' })).toEqual([github.id]);
      expect(await ids({ forge: 'github', apiUrl: 'https://gitlab.example.com/api/v4' })).toEqual([]);
      expect(await ids({ statuses: ['revoked', 'expired'] })).toEqual([gitlab.id]);
      expect(await ids({ statuses: [] })).toEqual([]);
      expect(unwrap(await store.tokens.list(`user-nobody-${store.newId()}`))).toEqual([]);
    });
  });

  describe('getManyWithSealed', () => {
    it('reads many tokens of several owners in one call, leaving out the missing and the misowned', async () => {
      const { store } = get();
      const [a, b] = [await makeOwner(store), await makeOwner(store)];
      const inputs = [makeToken(store, a.id), makeToken(store, a.id), makeToken(store, b.id)];
      const records = [];
      for (const input of inputs) records.push(unwrap(await store.tokens.insert(input)));
      const read = unwrap(
        await store.tokens.getManyWithSealed([
          { ownerId: a.id, id: records[0]!.id },
          { ownerId: b.id, id: records[2]!.id },
          { ownerId: a.id, id: records[1]!.id },
          { ownerId: b.id, id: records[1]!.id }, // a's token asked for as b's
          { ownerId: a.id, id: store.newId() }, // no such token
        ]),
      );
      const byId = new Map(read.map((entry) => [entry.record.id, entry]));
      expect(byId.size).toBe(3);
      for (const [i, record] of records.entries()) {
        expect(byId.get(record.id)).toEqual({ record, sealed: inputs[i]!.sealed });
        expect(byId.get(record.id)).toEqual(
          unwrap(await store.tokens.getWithSealed(record.ownerId, record.id)),
        );
      }
      expect(unwrap(await store.tokens.getManyWithSealed([]))).toEqual([]);
    });
  });
}
