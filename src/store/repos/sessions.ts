import type { Selectable } from 'kysely';
import { ok } from '../../domain/result.js';
import type { SessionsTable } from '../account-schema.js';
import type { SessionStore } from '../account-store.js';
import type { SessionRecord } from '../account-types.js';
import { run, type StoreContext } from '../context.js';
import { isoTime } from '../rows.js';

/** Browser sessions, found by the hash of their token. */
export function sessionStore(ctx: StoreContext): SessionStore {
  return {
    insert(session) {
      return run(ctx, async (db) => {
        const row: Selectable<SessionsTable> = {
          id: session.id,
          token_hash: session.tokenHash,
          user_id: session.userId,
          created_at: isoTime(session.createdAt, 'createdAt'),
          last_seen_at: isoTime(session.lastSeenAt, 'lastSeenAt'),
          expires_at: isoTime(session.expiresAt, 'expiresAt'),
        };
        await db.insertInto('sessions').values(row).execute();
        return ok(sessionFromRow(row));
      });
    },

    findByTokenHash(tokenHash) {
      return run(ctx, async (db) => {
        const row = await db
          .selectFrom('sessions')
          .selectAll()
          .where('token_hash', '=', tokenHash)
          .executeTakeFirst();
        return ok(row === undefined ? null : sessionFromRow(row));
      });
    },

    touch(id, at, ifBefore) {
      return run(ctx, async (db) => {
        const result = await db
          .updateTable('sessions')
          .set({ last_seen_at: isoTime(at, 'at') })
          .where('id', '=', id)
          .where('last_seen_at', '<', isoTime(ifBefore, 'ifBefore'))
          .executeTakeFirst();
        return ok(result.numUpdatedRows > 0n);
      });
    },

    delete(id) {
      return run(ctx, async (db) => {
        const result = await db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
        return ok(result.numDeletedRows > 0n);
      });
    },

    deleteForUser(userId, exceptId = null) {
      return run(ctx, async (db) => {
        let q = db.deleteFrom('sessions').where('user_id', '=', userId);
        if (exceptId !== null) q = q.where('id', '!=', exceptId);
        const result = await q.executeTakeFirst();
        return ok(Number(result.numDeletedRows));
      });
    },

    deleteExpired(now, idleBefore) {
      return run(ctx, async (db) => {
        const result = await db
          .deleteFrom('sessions')
          .where((eb) =>
            eb.or([
              eb('expires_at', '<=', isoTime(now, 'now')),
              eb('last_seen_at', '<=', isoTime(idleBefore, 'idleBefore')),
            ]),
          )
          .executeTakeFirst();
        return ok(Number(result.numDeletedRows));
      });
    },
  };
}

function sessionFromRow(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}
