import type { SealedSecret } from '../../crypto/index.js';
import type { Capability } from '../../domain/capability.js';
import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { detectToken } from '../../domain/tokens/index.js';
import { isTransient, type StoredStatus, statusAfterCheck } from '../../domain/vault-status.js';
import type {
  CheckedTokenWrite,
  NewAuditEvent,
  StoreTx,
  TokenPatch,
  TokenRecord,
} from '../../store/index.js';
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
  const read = await ctx.store.tokens.getWithSealed(input.ownerId, input.id);
  if (!read.ok) return read;
  const { record, sealed } = read.value;
  const probed = await probe(ctx, record, { require: input.require, signal: input.signal, sealed });
  if (!probed.ok) return probed;
  return recordCheck(ctx, record, probed.value, { actor: input.actor, require: input.require });
}

/**
 * Opens the token and asks the forge, writing nothing (the refresh engine decides whether a
 * transient answer is retried before it is recorded). Store failures are errors; an undecryptable
 * ciphertext is a finding (the record is marked by `openSecret`).
 */
export async function probe(
  ctx: VaultContext,
  record: TokenRecord,
  options: {
    require?: Capability[];
    signal?: AbortSignal;
    sealed?: SealedSecret;
    reuseAccount?: boolean;
  } = {},
): Promise<Result<Probe, FkError>> {
  const opened = await openSecret(ctx, record, options.sealed);
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
    adapterFor: ctx.adapterFor,
    // Refresh All re-reads the token's facts, not its owner's name (GitLab: one request, not two).
    knownAccount: options.reuseAccount === true ? (record.account ?? undefined) : undefined,
    signal: options.signal,
  });
  return ok({ report, error: report.error });
}

/** What recording one check writes: the record's patch and its audit event. */
/** A check's write: what the store records (`Store.recordChecks`). */
export type CheckWrite = CheckedTokenWrite;

/**
 * What a probe found, as a write against the record it started from. A forge that answered
 * refreshes the facts and `lastCheckedAt`; one that could not be asked changes only the status
 * (`stale`, or nothing for a token already known dead) so every last known fact stays.
 */
export function planCheck(
  ctx: VaultContext,
  record: TokenRecord,
  found: Probe,
  options: { actor: string; require?: Capability[] },
): CheckWrite {
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
  const event: NewAuditEvent = {
    ownerId: record.ownerId,
    actor: options.actor,
    action: 'check',
    tokenId: record.id,
    forge: record.forge,
    outcome: error === null ? 'ok' : 'error',
    errorCode: error?.code ?? null,
  };
  return { ownerId: record.ownerId, id: record.id, patch, event };
}

/** A check's write inside the caller's transaction: the record's update, then its audit event. */
export async function applyCheck(tx: StoreTx, write: CheckWrite): Promise<Result<TokenRecord, FkError>> {
  const updated = await tx.tokens.update(write.ownerId, write.id, write.patch);
  if (!updated.ok) return updated;
  const event = await tx.audit.append(write.event);
  return event.ok ? updated : event;
}

/** Stores what a probe found, with its audit event, in one transaction (`planCheck`, `applyCheck`). */
export async function recordCheck(
  ctx: VaultContext,
  record: TokenRecord,
  found: Probe,
  options: { actor: string; require?: Capability[] },
): Promise<Result<CheckResult, FkError>> {
  const write = planCheck(ctx, record, found, options);
  const saved = await ctx.store.transaction((tx) => applyCheck(tx, write));
  if (!saved.ok) return err(saved.error);
  return ok({ record: toView(ctx, saved.value), report: found.report, error: found.error });
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
