import type { Selectable } from 'kysely';
import { ok } from '../../domain/result.js';
import type { OneTimeCodesTable } from '../account-schema.js';
import type { OneTimeCodeStore } from '../account-store.js';
import type { OneTimeCodePurpose, OneTimeCodeRecord } from '../account-types.js';
import { run, type StoreContext } from '../context.js';
import { isoTime } from '../rows.js';

/** Setup and invitation codes, by the hash of the code. */
export function oneTimeCodeStore(ctx: StoreContext): OneTimeCodeStore {
  return {
    insert(code) {
      return run(ctx, async (db) => {
        const row: Selectable<OneTimeCodesTable> = {
          code_hash: code.codeHash,
          purpose: code.purpose,
          user_id: code.userId,
          created_at: isoTime(code.createdAt, 'createdAt'),
          expires_at: isoTime(code.expiresAt, 'expiresAt'),
        };
        await db.insertInto('one_time_codes').values(row).execute();
        return ok(codeFromRow(row));
      });
    },

    find(purpose, codeHash, now) {
      return run(ctx, async (db) => {
        const row = await db
          .selectFrom('one_time_codes')
          .selectAll()
          .where('code_hash', '=', codeHash)
          .where('purpose', '=', purpose)
          .where('expires_at', '>', isoTime(now, 'now'))
          .executeTakeFirst();
        return ok(row === undefined ? null : codeFromRow(row));
      });
    },

    consume(purpose, codeHash, now) {
      return run(ctx, async (db) => {
        // DELETE … RETURNING: the row lock (PostgreSQL) or write lock (SQLite) lets one of several
        // concurrent redeemers see the row; the others delete nothing.
        const row = await db
          .deleteFrom('one_time_codes')
          .where('code_hash', '=', codeHash)
          .where('purpose', '=', purpose)
          .where('expires_at', '>', isoTime(now, 'now'))
          .returningAll()
          .executeTakeFirst();
        return ok(row === undefined ? null : codeFromRow(row));
      });
    },

    deleteAll(purpose, userId) {
      return run(ctx, async (db) => {
        let q = db.deleteFrom('one_time_codes').where('purpose', '=', purpose);
        if (userId !== undefined) q = q.where('user_id', '=', userId);
        const result = await q.executeTakeFirst();
        return ok(Number(result.numDeletedRows));
      });
    },

    deleteExpired(now) {
      return run(ctx, async (db) => {
        const result = await db
          .deleteFrom('one_time_codes')
          .where('expires_at', '<=', isoTime(now, 'now'))
          .executeTakeFirst();
        return ok(Number(result.numDeletedRows));
      });
    },
  };
}

const PURPOSES: readonly OneTimeCodePurpose[] = ['setup', 'invite'];

function codeFromRow(row: Selectable<OneTimeCodesTable>): OneTimeCodeRecord {
  const purpose = PURPOSES.find((p) => p === row.purpose);
  if (purpose === undefined) throw new Error(`one_time_codes.purpose holds ${row.purpose}`);
  return {
    codeHash: row.code_hash,
    purpose,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
