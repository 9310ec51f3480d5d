import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { RefreshCandidate } from '../../store/index.js';
import {
  type CheckOutcome,
  type RefreshItem,
  type RefreshSummary,
  retryableOutcome,
  runRefresh,
  type Settlement,
} from '../refresh/index.js';
import { planCheck, probe } from './check.js';
import { CheckBatch } from './check-batch.js';
import type { VaultContext } from './context.js';
import type { RefreshAllInput } from './types.js';

/** Candidates are read in pages of this many (keyset paging in the store). */
const PAGE = 500;
const SCHEDULER = 'scheduler';

interface Item extends RefreshItem {
  ownerId: string;
}

/**
 * Refresh All: every candidate token, queued by host (`forge apiUrl`) through the refresh engine,
 * which bounds concurrency per host, retries transient failures and pauses on rate limits. Each
 * check reads its record and sealed secret in one statement, opens, inspects, and hands its write
 * (record + audit event) to a `CheckBatch`, which commits finished checks in transactions of ~50 —
 * see there for what a crash can lose (at most the last uncommitted batch: those tokens keep their
 * previous status). A token whose checks keep failing transiently (or whose host stays rate limited)
 * is recorded `stale` once, when the engine gives up on it. Cancellable: a cancelled token keeps its
 * record as it was; checks already finished are written (the batch is flushed on cancel and at the
 * end, before this resolves).
 */
export async function refreshAll(
  ctx: VaultContext,
  input: RefreshAllInput = {},
): Promise<Result<RefreshSummary, FkError>> {
  const actor = input.actor ?? SCHEDULER;
  const candidates = await listCandidates(ctx, input.ownerId);
  if (!candidates.ok) return candidates;
  const items: Item[] = candidates.value.map((candidate) => ({
    id: candidate.id,
    ownerId: candidate.ownerId,
    forge: candidate.forge,
    host: `${candidate.forge} ${candidate.apiUrl}`,
  }));
  const batch = new CheckBatch(ctx.store);
  const done: CheckOutcome<null> = { kind: 'done', result: null };

  const check = async (item: Item, signal: AbortSignal): Promise<CheckOutcome<null>> => {
    const read = await ctx.store.tokens.getWithSealed(item.ownerId, item.id);
    // Deleted since it was listed: nothing left to check.
    if (!read.ok) return retryableOutcome(read.error) ?? done;
    const { record, sealed } = read.value;
    const probed = await probe(ctx, record, { signal, sealed });
    if (!probed.ok) return retryableOutcome(probed.error) ?? done;
    const retry = probed.value.error === null ? null : retryableOutcome(probed.value.error);
    if (retry !== null) return retry;
    batch.add(planCheck(ctx, record, probed.value, { actor }));
    return done;
  };

  // The engine calls onSettled synchronously and ignores what it returns: collect the writes.
  const transients: Promise<void>[] = [];
  const onSettled = (settlement: Settlement<Item, null>) => {
    if (settlement.outcome === 'stale' || settlement.outcome === 'rate_limited') {
      transients.push(recordTransient(ctx, batch, settlement.item, settlement.error, actor));
    }
  };
  const flushOnCancel = () => batch.flush();
  input.signal?.addEventListener('abort', flushOnCancel, { once: true });
  const { perHostConcurrency, maxAttempts, backoffMs, maxRateLimitPauseMs, signal, onProgress } = input;
  try {
    const summary = await runRefresh(items, check, {
      perHostConcurrency,
      maxAttempts,
      backoffMs,
      maxRateLimitPauseMs,
      signal,
      onProgress,
      onSettled,
    });
    await Promise.all(transients);
    return ok(summary);
  } finally {
    input.signal?.removeEventListener('abort', flushOnCancel);
    await batch.drain();
  }
}

async function recordTransient(
  ctx: VaultContext,
  batch: CheckBatch,
  item: Item,
  error: FkError,
  actor: string,
): Promise<void> {
  const record = await ctx.store.tokens.get(item.ownerId, item.id);
  if (!record.ok) return;
  // The forge was never answered: recording the error changes the status only (stale, or kept).
  batch.add(planCheck(ctx, record.value, { report: null, error }, { actor }));
}

async function listCandidates(
  ctx: VaultContext,
  ownerId: string | undefined,
): Promise<Result<RefreshCandidate[], FkError>> {
  const all: RefreshCandidate[] = [];
  let afterId: string | null = null;
  for (;;) {
    const page: Result<RefreshCandidate[], FkError> = await ctx.store.tokens.listForRefresh({
      afterId,
      limit: PAGE,
    });
    if (!page.ok) return err(page.error);
    // The store pages across owners (for the scheduler); one owner's refresh filters here.
    all.push(...page.value.filter((candidate) => ownerId === undefined || candidate.ownerId === ownerId));
    const last = page.value.at(-1);
    if (last === undefined || page.value.length < PAGE) return ok(all);
    afterId = last.id;
  }
}
