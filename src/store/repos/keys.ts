import { type Selectable, sql } from 'kysely';
import { fkError } from '../../domain/errors/error.js';
import { err, ok } from '../../domain/result.js';
import { run, type StoreContext } from '../context.js';
import { bytesFromColumn, bytesToColumn, isoTime, isoTimeOrNull } from '../rows.js';
import type { KeyRotationTable, MasterKeysTable } from '../schema.js';
import type { KeyStore } from '../store.js';
import type { KeyRotation, MasterKeyRecord, MasterKeyState } from '../types.js';

/** Master keys (their ids and check values — never the keys) and the rotation's progress. */
export function keyStore(ctx: StoreContext): KeyStore {
  return {
    list() {
      return run(ctx, async (db) => {
        const rows = await db
          .selectFrom('master_keys')
          .selectAll()
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        return ok(rows.map(keyFromRow));
      });
    },

    insert(key) {
      return run(ctx, async (db) => {
        const row: Selectable<MasterKeysTable> = {
          id: key.id,
          check_value: bytesToColumn(key.checkValue),
          fingerprint_key: bytesToColumn(key.wrappedFingerprintKey),
          state: key.state,
          created_at: key.createdAt === undefined ? ctx.now() : isoTime(key.createdAt, 'createdAt'),
          retired_at: key.state === 'retired' ? ctx.now() : null,
        };
        await db.insertInto('master_keys').values(row).execute();
        return ok(keyFromRow(row));
      });
    },

    setState(id, state) {
      return run(ctx, async (db) => {
        const row = await db
          .updateTable('master_keys')
          .set({ state, retired_at: state === 'retired' ? ctx.now() : null })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row === undefined
          ? err(fkError('not_found', { message: 'No such master key.' }))
          : ok(keyFromRow(row));
      });
    },

    getRotation() {
      return run(ctx, async (db) => {
        const row = await db
          .selectFrom('key_rotation')
          .selectAll()
          .orderBy(sql`case when finished_at is null then 0 else 1 end`)
          .orderBy('started_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        return ok(row === undefined ? null : rotationFromRow(row));
      });
    },

    saveRotation(progress) {
      return run(ctx, async (db) => {
        const row: Selectable<KeyRotationTable> = {
          from_key_id: progress.fromKeyId,
          to_key_id: progress.toKeyId,
          started_at: isoTime(progress.startedAt, 'startedAt'),
          done: progress.done,
          total: progress.total,
          cursor: progress.cursor,
          finished_at: isoTimeOrNull(progress.finishedAt, 'finishedAt'),
        };
        const saved = await db
          .insertInto('key_rotation')
          .values(row)
          .onConflict((oc) =>
            oc.columns(['from_key_id', 'to_key_id']).doUpdateSet((eb) => ({
              done: eb.ref('excluded.done'),
              total: eb.ref('excluded.total'),
              cursor: eb.ref('excluded.cursor'),
              finished_at: eb.ref('excluded.finished_at'),
            })),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return ok(rotationFromRow(saved));
      });
    },
  };
}

const KEY_STATES: readonly MasterKeyState[] = ['active', 'retiring', 'retired'];

function keyFromRow(row: Selectable<MasterKeysTable>): MasterKeyRecord {
  const state = KEY_STATES.find((s) => s === row.state);
  if (state === undefined) throw new Error(`master_keys.state holds ${row.state}`);
  return {
    id: row.id,
    checkValue: bytesFromColumn(row.check_value),
    wrappedFingerprintKey: bytesFromColumn(row.fingerprint_key),
    state,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}

function rotationFromRow(row: Selectable<KeyRotationTable>): KeyRotation {
  return {
    fromKeyId: row.from_key_id,
    toKeyId: row.to_key_id,
    startedAt: row.started_at,
    done: row.done,
    total: row.total,
    cursor: row.cursor,
    finishedAt: row.finished_at,
  };
}
