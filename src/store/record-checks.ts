import type { FkError } from '../domain/errors/error.js';
import { ok, type Result } from '../domain/result.js';
import { run, type StoreContext } from './context.js';
import { auditAppendStatement } from './repos/audit.js';
import { tokenUpdateStatement } from './repos/tokens.js';
import type { SqliteWriteThread, WriteStep } from './sqlite/write-thread.js';
import type { StoreResult, StoreTx } from './store.js';
import type { CheckedTokenWrite, NewAuditEvent } from './types.js';

/**
 * `recordChecks` inside a transaction (`tx`): each token updated, then the events of those updated
 * appended together — one statement for the batch instead of one per check.
 */
export async function recordChecksIn(tx: StoreTx, writes: readonly CheckedTokenWrite[]): StoreResult<number> {
  const events: NewAuditEvent[] = [];
  for (const write of writes) {
    const updated = await tx.tokens.update(write.ownerId, write.id, write.patch);
    if (updated.ok) events.push(write.event);
    else if (updated.error.code !== 'not_found') return updated;
  }
  const appended = await tx.audit.appendMany(events);
  return appended.ok ? ok(events.length) : appended;
}

/**
 * `recordChecks` on SQLite's write thread: the same UPDATE (without RETURNING) and INSERT the
 * repositories run, compiled here, each event run only when its update changed a row. Busy errors
 * are retried as every store call's are.
 */
export function recordChecksOnThread(
  ctx: StoreContext,
  thread: SqliteWriteThread,
  writes: readonly CheckedTokenWrite[],
): StoreResult<number> {
  return run(ctx, async (): Promise<Result<number, FkError>> => {
    const steps: WriteStep[] = writes.map((write) => ({
      statement: tokenUpdateStatement(ctx, write.ownerId, write.id, write.patch),
      whenChanged: auditAppendStatement(ctx, write.event),
    }));
    return ok(await thread.apply(steps));
  });
}
