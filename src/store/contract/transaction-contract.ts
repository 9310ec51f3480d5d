import { describe, expect, it } from 'vitest';
import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import type { ContractContext } from '../store.contract.js';
import { errorCode, makeOwner, makeToken, unwrap } from '../testing/factories.js';

export function transactionContract(get: () => ContractContext): void {
  describe('transactions', () => {
    it('commits every write when the callback succeeds', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const token = makeToken(store, owner.id);
      const id = unwrap(
        await store.transaction(async (tx) => {
          const inserted = await tx.tokens.insert(token);
          if (!inserted.ok) return inserted;
          const audited = await tx.audit.append({
            ownerId: owner.id,
            actor: 'cli',
            action: 'add',
            outcome: 'ok',
          });
          return audited.ok ? ok(inserted.value.id) : audited;
        }),
      );
      expect(unwrap(await store.tokens.get(owner.id, id)).id).toBe(token.id);
      expect(unwrap(await store.audit.list(owner.id, { limit: 5 })).items).toHaveLength(1);
    });

    it('rolls everything back when the callback answers an error or throws', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const token = makeToken(store, owner.id);
      const failed = await store.transaction(async (tx) => {
        unwrap(await tx.tokens.insert(token));
        return err(fkError('conflict'));
      });
      expect(errorCode(failed)).toBe('conflict');
      expect(errorCode(await store.tokens.get(owner.id, token.id))).toBe('not_found');

      const thrown = store.transaction(async (tx) => {
        unwrap(await tx.tokens.insert(token));
        throw new Error('boom');
      });
      await expect(thrown).rejects.toThrow('boom');
      expect(unwrap(await store.tokens.list(owner.id))).toEqual([]);
      // The store still works after both.
      unwrap(await store.tokens.insert(token));
    });

    it('answers a failing statement inside a transaction as data and rolls back', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const token = makeToken(store, owner.id);
      const result = await store.transaction(async (tx) => {
        unwrap(await tx.tokens.insert(token));
        return tx.tokens.insert({ ...token, id: tx.newId() });
      });
      expect(errorCode(result)).toBe('conflict');
      expect(unwrap(await store.tokens.list(owner.id))).toEqual([]);
    });
  });
}
