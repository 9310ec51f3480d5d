import type { Selectable } from 'kysely';
import { ok } from '../../domain/result.js';
import { run, type StoreContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { runPrepared } from '../prepared.js';
import { errorCodeFromColumn, forgeFromColumn, isoTime, pageLimit } from '../rows.js';
import type { AuditEventsTable } from '../schema.js';
import type { AuditStore } from '../store.js';
import type { AuditEvent } from '../types.js';

/** The audit log: append and read, newest first. Nothing here updates or deletes an event. */
export function auditStore(ctx: StoreContext): AuditStore {
  return {
    append(event) {
      return run(ctx, async (db) => {
        const row: Selectable<AuditEventsTable> = {
          id: event.id ?? ctx.newId(),
          at: event.at === undefined ? ctx.now() : isoTime(event.at, 'at'),
          owner_id: event.ownerId,
          actor: event.actor,
          token_id: event.tokenId ?? null,
          forge: event.forge ?? null,
          action: event.action,
          target: event.target ?? null,
          outcome: event.outcome,
          error_code: event.errorCode ?? null,
        };
        // Prepared (compiled once): every check of a Refresh All appends one.
        await runPrepared(
          db,
          ctx.dialect.name,
          'audit.append',
          (slot) =>
            db.insertInto('audit_events').values({
              id: slot('id'),
              at: slot('at'),
              owner_id: slot('owner_id'),
              actor: slot('actor'),
              token_id: slot('token_id'),
              forge: slot('forge'),
              action: slot('action'),
              target: slot('target'),
              outcome: slot('outcome'),
              error_code: slot('error_code'),
            }),
          row,
        );
        return ok(eventFromRow(row));
      });
    },

    list(ownerId, query) {
      return run(ctx, async (db) => {
        const limit = pageLimit(query.limit);
        let q = db.selectFrom('audit_events').selectAll().where('owner_id', '=', ownerId);
        if (query.tokenId !== undefined) q = q.where('token_id', '=', query.tokenId);
        if (query.action !== undefined) q = q.where('action', '=', query.action);
        if (query.outcome !== undefined) q = q.where('outcome', '=', query.outcome);
        if (query.since !== undefined) q = q.where('at', '>=', isoTime(query.since, 'since'));
        if (query.cursor) {
          const after = decodeCursor(query.cursor);
          q = q.where((eb) =>
            eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]),
          );
        }
        // One row more than asked tells whether another page exists without a count.
        const rows = await q
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit + 1)
          .execute();
        const items = rows.slice(0, limit).map(eventFromRow);
        const last = items.at(-1);
        const nextCursor = rows.length > limit && last ? encodeCursor({ at: last.at, id: last.id }) : null;
        return ok({ items, nextCursor });
      });
    },
  };
}

function eventFromRow(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    ownerId: row.owner_id,
    actor: row.actor,
    tokenId: row.token_id,
    forge: row.forge === null ? null : forgeFromColumn(row.forge),
    action: row.action,
    target: row.target,
    outcome: row.outcome === 'error' ? 'error' : 'ok',
    errorCode: errorCodeFromColumn(row.error_code),
  };
}
