import type { Kysely, Selectable } from 'kysely';
import { ok } from '../../domain/result.js';
import { atomic, run, type StoreContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { type CompiledStatement, compilePrepared, runPrepared, type Slot } from '../prepared.js';
import { errorCodeFromColumn, forgeFromColumn, isoTime, pageLimit } from '../rows.js';
import type { AuditEventsTable, Database } from '../schema.js';
import type { AuditStore } from '../store.js';
import type { AuditEvent, NewAuditEvent } from '../types.js';

/** Rows per INSERT of `appendMany` (10 parameters each, well under either database's limit). */
const APPEND_CHUNK = 100;

const AUDIT_COLUMNS = [
  'id',
  'at',
  'owner_id',
  'actor',
  'token_id',
  'forge',
  'action',
  'target',
  'outcome',
  'error_code',
] as const satisfies readonly (keyof AuditEventsTable)[];

function auditRow(ctx: StoreContext, event: NewAuditEvent): Selectable<AuditEventsTable> {
  return {
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
}

/** One INSERT of `rows`, prepared once per row count. */
async function insertRows(
  ctx: StoreContext,
  db: Kysely<Database>,
  rows: readonly Selectable<AuditEventsTable>[],
): Promise<void> {
  await runPrepared(
    db,
    ctx.dialect.name,
    `audit.append:${rows.length}`,
    (slot) => insertQuery(db, rows.length, slot),
    slotValues(rows),
  );
}

function insertQuery(db: Kysely<Database>, count: number, slot: Slot) {
  return db.insertInto('audit_events').values(
    Array.from({ length: count }, (_, i) => ({
      id: slot(`id${i}`),
      at: slot(`at${i}`),
      owner_id: slot(`owner_id${i}`),
      actor: slot(`actor${i}`),
      token_id: slot(`token_id${i}`),
      forge: slot(`forge${i}`),
      action: slot(`action${i}`),
      target: slot(`target${i}`),
      outcome: slot(`outcome${i}`),
      error_code: slot(`error_code${i}`),
    })),
  );
}

function slotValues(rows: readonly Selectable<AuditEventsTable>[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  rows.forEach((row, i) => {
    for (const column of AUDIT_COLUMNS) values[`${column}${i}`] = row[column];
  });
  return values;
}

/** The INSERT of `append`, compiled for a connection of its own (`recordChecks` on SQLite). */
export function auditAppendStatement(ctx: StoreContext, event: NewAuditEvent): CompiledStatement {
  return compilePrepared(
    ctx.dialect.name,
    'audit.append:1',
    (slot) => insertQuery(ctx.db, 1, slot),
    slotValues([auditRow(ctx, event)]),
  );
}

/** The audit log: append and read, newest first. Nothing here updates or deletes an event. */
export function auditStore(ctx: StoreContext): AuditStore {
  return {
    append(event) {
      return run(ctx, async (db) => {
        const row = auditRow(ctx, event);
        // Prepared (compiled once): a single check appends one.
        await insertRows(ctx, db, [row]);
        return ok(eventFromRow(row));
      });
    },

    appendMany(events) {
      // One statement per chunk: a Refresh All batch appends its ~50 `check` events together.
      return atomic(ctx, async (db) => {
        const rows = events.map((event) => auditRow(ctx, event));
        for (let start = 0; start < rows.length; start += APPEND_CHUNK) {
          await insertRows(ctx, db, rows.slice(start, start + APPEND_CHUNK));
        }
        return ok(rows.map(eventFromRow));
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
