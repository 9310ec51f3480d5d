import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { RefreshCandidate, Store, TokenKey, TokenWithSealed } from '../../store/index.js';
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
/** At most this many ids per coalesced read (`CheckReads`). */
const READ_BATCH = 200;
const SCHEDULER = 'scheduler';

interface Item extends RefreshItem {
  ownerId: string;
}

/**
 * Refresh All: every candidate token, queued by host (`forge apiUrl`) through the refresh engine,
 * which bounds concurrency per host, retries transient failures and pauses on rate limits. Each
 * check reads its record and sealed secret when it starts (the reads of checks starting in the same
 * event-loop turn share one statement: `CheckReads`), opens, inspects, and hands its write
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
  const reads = new CheckReads(ctx.store);
  const done: CheckOutcome<null> = { kind: 'done', result: null };

  const check = async (item: Item, signal: AbortSignal): Promise<CheckOutcome<null>> => {
    const read = await reads.read(item);
    // Deleted since it was listed: nothing left to check.
    if (!read.ok) return retryableOutcome(read.error) ?? done;
    const { record, sealed } = read.value;
    const probed = await probe(ctx, record, { signal, sealed, reuseAccount: true });
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

interface PendingRead {
  key: TokenKey;
  resolve: (read: Result<TokenWithSealed, FkError>) => void;
  reject: (error: unknown) => void;
}

/**
 * The reads of checks that start in the same event-loop turn (the engine's first wave, and the
 * checks that follow the forge answers handled in one turn), as one `getManyWithSealed` statement
 * instead of one statement each: a check's read was the store's largest share of a Refresh All's
 * CPU (docs/vault.md). Each read still happens when its check starts, at most one turn later (no
 * read-ahead), so a token deleted or rotated before its check starts is seen as such.
 */
export class CheckReads {
  readonly #store: Store;
  #pending: PendingRead[] = [];

  constructor(store: Store) {
    this.#store = store;
  }

  /** The record and sealed secret of `key`; `not_found` when it is gone. */
  read(key: TokenKey): Promise<Result<TokenWithSealed, FkError>> {
    return new Promise((resolve, reject) => {
      // setImmediate, not a microtask: it runs after every I/O callback of this turn, so the checks
      // that start on forge answers arriving together share the read.
      if (this.#pending.length === 0) setImmediate(() => this.#flush());
      this.#pending.push({ key, resolve, reject });
    });
  }

  #flush(): void {
    const pending = this.#pending;
    this.#pending = [];
    for (let start = 0; start < pending.length; start += READ_BATCH) {
      void this.#readBatch(pending.slice(start, start + READ_BATCH));
    }
  }

  async #readBatch(batch: readonly PendingRead[]): Promise<void> {
    let read: Result<TokenWithSealed[], FkError>;
    try {
      read = await this.#store.tokens.getManyWithSealed(batch.map((entry) => entry.key));
    } catch (error) {
      // A bug (the store answers its failures as results): each check throws as its own read would.
      for (const entry of batch) entry.reject(error);
      return;
    }
    if (!read.ok) {
      for (const entry of batch) entry.resolve(read);
      return;
    }
    const found = new Map(read.value.map((row) => [row.record.id, row]));
    for (const entry of batch) {
      const row = found.get(entry.key.id);
      entry.resolve(row === undefined ? err(fkError('not_found', { message: 'No such token.' })) : ok(row));
    }
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
