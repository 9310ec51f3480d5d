import type { AuditEvent } from '../../store/types.js';
import { utcTime } from './relative-time.js';
import { formatTable } from './table.js';

const HEADERS = ['AT', 'ACTION', 'OUTCOME', 'TOKEN', 'FORGE', 'TARGET', 'ERROR', 'ACTOR'];

export interface AuditTableContext {
  /** Short ids of the events' tokens (full ids of removed tokens are shortened too). */
  shortIds: ReadonlyMap<string, string>;
  /** Labels of tokens still stored. */
  labels: ReadonlyMap<string, string>;
}

/** `audit` for people: newest first, one row per event. Events never hold token text. */
export function formatAuditTable(events: readonly AuditEvent[], context: AuditTableContext): string {
  if (events.length === 0) return 'No audit events.\n';
  const rows = events.map((event) => [
    utcTime(event.at),
    event.action,
    event.outcome,
    token(event.tokenId, context),
    event.forge ?? '-',
    event.target ?? '-',
    event.errorCode ?? '-',
    event.actor,
  ]);
  return formatTable(HEADERS, rows);
}

function token(id: string | null, context: AuditTableContext): string {
  if (id === null) return '-';
  const label = context.labels.get(id);
  return `${context.shortIds.get(id) ?? id}${label ? ` (${label})` : ''}`;
}
