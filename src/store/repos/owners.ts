import type { Selectable } from 'kysely';
import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import { run, type StoreContext } from '../context.js';
import type { OwnersTable } from '../schema.js';
import type { OwnerStore } from '../store.js';
import type { Owner } from '../types.js';

export function ownerStore(ctx: StoreContext): OwnerStore {
  const get = (id: string) =>
    run(ctx, async (db) => {
      const row = await db.selectFrom('owners').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined
        ? err(fkError('not_found', { message: 'No such owner.' }))
        : ok(ownerFromRow(row));
    });

  return {
    async ensure(owner) {
      // DO NOTHING, then read: concurrent first requests of one user all see the same row.
      const inserted = await run(ctx, async (db) => {
        await db
          .insertInto('owners')
          .values({ id: owner.id, name: owner.name, kind: owner.kind, created_at: ctx.now() })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        return ok(undefined);
      });
      return inserted.ok ? get(owner.id) : inserted;
    },
    get,
  };
}

function ownerFromRow(row: Selectable<OwnersTable>): Owner {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind === 'user' ? 'user' : 'local',
    createdAt: row.created_at,
  };
}
