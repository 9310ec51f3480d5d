import type { Capability } from '../../domain/capability.js';
import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { detectToken } from '../../domain/tokens/index.js';
import { isTransient, type StoredStatus, statusAfterCheck } from '../../domain/vault-status.js';
import type { TokenPatch, TokenRecord } from '../../store/index.js';
import { type InspectReport, inspectLive } from '../inspect-token.js';
import type { VaultContext } from './context.js';
import { openSecret, storedStatusOf, toView } from './records.js';
import type { CheckInput, CheckResult } from './types.js';

/**
 * What one look at a stored token found. `report` is null when the forge gave none: the token could
 * not be opened, or (Refresh All giving up) the forge never answered.
 */
export interface Probe {
  report: InspectReport | null;
  error: FkError | null;
}

/** check one: open → inspect → update the record → audit. */
export async function checkToken(
  ctx: VaultContext,
  input: CheckInput,
): Promise<Result<CheckResult, FkError>> {
  const record = await ctx.store.tokens.get(input.ownerId, input.id);
  if (!record.ok) return record;
  const probed = await probe(ctx, record.value, { require: input.require, signal: input.signal });
  if (!probed.ok) return probed;
  return recordCheck(ctx, record.value, probed.value, { actor: input.actor, require: input.require });
}

/**
 * Opens the token and asks the forge, writing nothing (the refresh engine decides whether a
 * transient answer is retried before it is recorded). Store failures are errors; an undecryptable
 * ciphertext is a finding (the record is marked by `openSecret`).
 */
export async function probe(
  ctx: VaultContext,
  record: TokenRecord,
  options: { require?: Capability[]; signal?: AbortSignal } = {},
): Promise<Result<Probe, FkError>> {
  const opened = await openSecret(ctx, record);
  if (!opened.ok) {
    return opened.error.code === 'token_undecryptable' ? ok({ report: null, error: opened.error }) : opened;
  }
  const report = await inspectLive({
    secret: opened.value,
    // The stored token passed the offline checks when it was added; its checksum is re-read, not stored.
    offlineFindings: { checksum: detectToken(opened.value.reveal()).checksum, removed: [] },
    forge: record.forge,
    kind: record.kind,
    apiUrl: record.apiUrl,
    email: record.email ?? undefined,
    require: options.require,
    now: ctx.now(),
    warnDays: ctx.warnDays,
    adapter: ctx.adapterOptions,
    signal: options.signal,
  });
  return ok({ report, error: report.error });
}

/**
 * Stores what a probe found, with its audit event, in one transaction. A forge that answered
 * refreshes the facts and `lastCheckedAt`; one that could not be asked changes only the status
 * (`stale`, or nothing for a token already known dead) so every last known fact stays.
 */
export async function recordCheck(
  ctx: VaultContext,
  record: TokenRecord,
  found: Probe,
  options: { actor: string; require?: Capability[] },
): Promise<Result<CheckResult, FkError>> {
  const now = ctx.now();
  const { report, error } = found;
  const answered = report !== null && !isTransient(error);
  const verified = report !== null && (error === null || error.code === 'insufficient_scope');
  const expiresAt = verified ? report.expiresAt : record.expiresAt;
  const previous = storedStatusOf(record);
  let verdict = statusAfterCheck({
    error,
    expiresAt,
    missing: report?.missing ?? [],
    previous,
    now,
    warnDays: ctx.warnDays,
  });
  if (options.require === undefined && verified)
    verdict = keepScopeVerdict(verdict, previous, record, report);

  const patch: TokenPatch = { status: verdict.status, statusCode: verdict.code };
  if (answered) patch.lastCheckedAt = now.toISOString();
  if (verified) {
    Object.assign(patch, {
      account: report.account,
      scopes: report.scopes,
      expiresAt,
      kind: report.kind ?? record.kind,
    });
  }
  const saved = await ctx.store.transaction(async (tx) => {
    const updated = await tx.tokens.update(record.ownerId, record.id, patch);
    if (!updated.ok) return updated;
    const event = await tx.audit.append({
      ownerId: record.ownerId,
      actor: options.actor,
      action: 'check',
      tokenId: record.id,
      forge: record.forge,
      outcome: error === null ? 'ok' : 'error',
      errorCode: error?.code ?? null,
    });
    return event.ok ? updated : event;
  });
  if (!saved.ok) return err(saved.error);
  return ok({ record: toView(ctx, saved.value), report, error });
}

/**
 * A check without requirements cannot judge capabilities: an `insufficient_scope` verdict from an
 * earlier check that named them stays while the scopes are unchanged, and lifts once they change.
 */
function keepScopeVerdict(
  verdict: StoredStatus,
  previous: StoredStatus,
  record: TokenRecord,
  report: InspectReport,
): StoredStatus {
  if (previous.status !== 'insufficient_scope') return verdict;
  if (verdict.status !== 'active' && verdict.status !== 'expiring') return verdict;
  return sameScopes(record.scopes, report.scopes) ? previous : verdict;
}

function sameScopes(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  const left = [...a].sort();
  const right = [...b].sort();
  return left.length === right.length && left.every((scope, index) => scope === right[index]);
}
