import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import {
  isVaultStatus,
  type StatusNow,
  statusAt,
  VAULT_STATUSES,
  type VaultStatus,
} from '../../domain/vault-status.js';
import type { StoreTx, TokenRecord } from '../../store/index.js';
import type { VaultContext } from './context.js';
import { toView } from './records.js';
import { resolveTarget } from './target.js';
import type { ListFilter, TokenView } from './types.js';

const MAX_LABEL = 100;

/**
 * `conflict` when another of the owner's tokens already has `label`: labels select tokens
 * (`withToken({ label })`), so they must name one. `exceptId` / `exceptFingerprint` is the token
 * being labelled (re-adding a token keeps its own label).
 */
export async function labelTaken(
  ctx: VaultContext,
  ownerId: string,
  label: string,
  except: { exceptId?: string; exceptFingerprint?: string },
): Promise<Result<void, FkError>> {
  if (label.trim() === '' || label.length > MAX_LABEL) {
    return err(fkError('invalid_input', { message: `A label is 1 to ${MAX_LABEL} characters.` }));
  }
  const tokens = await ctx.store.tokens.list(ownerId);
  if (!tokens.ok) return tokens;
  const other = tokens.value.find(
    (record) =>
      record.label === label &&
      record.id !== except.exceptId &&
      record.fingerprint !== except.exceptFingerprint,
  );
  if (other === undefined) return ok(undefined);
  return err(
    fkError('conflict', {
      message: `Another token is already labelled "${label}".`,
      remediation: 'Choose another label, or relabel the other token first.',
      details: { tokenId: other.id },
    }),
  );
}

export async function setLabel(
  ctx: VaultContext,
  ownerId: string,
  id: string,
  label: string | null,
  actor: string,
): Promise<Result<TokenView, FkError>> {
  if (label !== null) {
    const taken = await labelTaken(ctx, ownerId, label, { exceptId: id });
    if (!taken.ok) return taken;
  }
  return audited(ctx, ownerId, id, actor, 'label', (tx) => tx.tokens.update(ownerId, id, { label }));
}

export async function setDefault(
  ctx: VaultContext,
  ownerId: string,
  id: string,
  actor: string,
): Promise<Result<TokenView, FkError>> {
  return audited(ctx, ownerId, id, actor, 'default', (tx) => tx.tokens.setDefault(ownerId, id));
}

/** One write and its audit event, in one transaction. */
async function audited(
  ctx: VaultContext,
  ownerId: string,
  id: string,
  actor: string,
  action: string,
  write: (tx: StoreTx) => Promise<Result<TokenRecord, FkError>>,
): Promise<Result<TokenView, FkError>> {
  const saved = await ctx.store.transaction(async (tx) => {
    const written = await write(tx);
    if (!written.ok) return written;
    const event = await tx.audit.append({
      ownerId,
      actor,
      action,
      tokenId: id,
      forge: written.value.forge,
      outcome: 'ok',
    });
    return event.ok ? written : event;
  });
  return saved.ok ? ok(toView(ctx, saved.value)) : saved;
}

export async function listTokens(
  ctx: VaultContext,
  ownerId: string,
  filter: ListFilter = {},
): Promise<Result<readonly TokenView[], FkError>> {
  const wanted = statusesOf(filter.status);
  if (!wanted.ok) return wanted;
  let apiUrl: string | undefined;
  let forge = filter.forge;
  if (filter.host !== undefined) {
    // A host is a configured name or an API URL.
    const byName = /^https?:\/\//.test(filter.host) ? null : await resolveTarget(ctx, { host: filter.host });
    const target = byName ?? (await resolveTarget(ctx, { apiUrl: filter.host }));
    if (!target.ok) return target;
    apiUrl = target.value.apiUrl;
    forge = forge ?? target.value.forge;
  }
  const records = await ctx.store.tokens.list(ownerId, {
    ...(forge === undefined ? {} : { forge }),
    ...(apiUrl === undefined ? {} : { apiUrl }),
  });
  if (!records.ok) return records;
  // Filtered after the clock is applied: "expiring" is a status of now, not of the last check. One
  // clock reading for the whole list, so every row is judged at the same instant.
  const now = ctx.now();
  const kept: TokenRecord[] = [];
  const states: StatusNow[] = [];
  for (const record of records.value) {
    const at = statusAt(record, now, ctx.warnDays);
    if (wanted.value !== null && !wanted.value.includes(at.status)) continue;
    kept.push(record);
    states.push(at);
  }
  const key = `${ownerId}\n${forge ?? ''}\n${apiUrl ?? ''}\n${wanted.value?.join(',') ?? ''}`;
  return ok(ctx.lists.views(key, kept, states));
}

export async function showToken(
  ctx: VaultContext,
  ownerId: string,
  id: string,
): Promise<Result<TokenView, FkError>> {
  const record = await ctx.store.tokens.get(ownerId, id);
  return record.ok ? ok(toView(ctx, record.value)) : record;
}

function statusesOf(status: ListFilter['status']): Result<readonly VaultStatus[] | null, FkError> {
  if (status === undefined) return ok(null);
  const list: readonly string[] = typeof status === 'string' ? [status] : status;
  const known = list.filter(isVaultStatus);
  const unknown = list.filter((value) => !isVaultStatus(value));
  if (unknown.length > 0) {
    return err(
      fkError('invalid_input', {
        message: `Unknown status ${unknown.join(', ')}; one of ${VAULT_STATUSES.join(', ')}.`,
      }),
    );
  }
  return ok(known);
}
