import { fingerprint, seal } from '../../crypto/index.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { FORGE_NAMES, type ForgeId } from '../../domain/forge.js';
import { err, ok, type Result } from '../../domain/result.js';
import { checkOffline } from '../../domain/tokens/index.js';
import { isTransient, statusAfterCheck } from '../../domain/vault-status.js';
import type { NewToken, TokenRecord } from '../../store/index.js';
import { type InspectReport, inspectLive } from '../inspect-token.js';
import { auditBestEffort, type VaultContext } from './context.js';
import { labelTaken } from './metadata.js';
import { storedStatusOf, toView } from './records.js';
import { apiUrlOrDefault, resolveTarget } from './target.js';
import type { AddInput, AddResult } from './types.js';

/**
 * Save Token: offline checks → live inspection → seal → store, audited either way. A token the
 * forge (or the format) rejects is returned as the error and nothing is stored; a forge that cannot
 * be asked does not stop the user: the token is stored `stale` and checked again later.
 */
export async function addToken(ctx: VaultContext, input: AddInput): Promise<Result<AddResult, FkError>> {
  const now = ctx.now();
  const refuse = async (error: FkError, forge = input.forge ?? null) => {
    await auditBestEffort(ctx, {
      ownerId: input.ownerId,
      actor: input.actor,
      action: 'add',
      forge,
      outcome: 'error',
      errorCode: error.code,
    });
    return err(error);
  };

  const target = await resolveTarget(ctx, input);
  if (!target.ok) return refuse(target.error);
  const offline = checkOffline(input.raw, { forge: target.value.forge, now });
  if (offline.error) return refuse(offline.error);
  if (!offline.secret || !offline.forge || !offline.kind) return refuse(fkError('malformed_token'));
  const { secret, forge, kind } = offline;
  const apiUrl = await apiUrlOrDefault(forge, target.value.apiUrl);

  const owner = await ctx.ensureOwner(input.ownerId);
  if (!owner.ok) return err(owner.error);
  const fingerprintHex = fingerprint(secret, ctx.fingerprintKey);
  if (input.label !== undefined) {
    const taken = await labelTaken(ctx, input.ownerId, input.label, { exceptFingerprint: fingerprintHex });
    if (!taken.ok) return refuse(taken.error, forge);
  }

  const report = await inspectLive({
    secret,
    forge,
    kind,
    apiUrl,
    email: input.email,
    require: input.require,
    now,
    warnDays: ctx.warnDays,
    adapterFor: ctx.adapterFor,
    offlineFindings: { checksum: offline.checksum, removed: offline.removed },
  });
  const transient = isTransient(report.error);
  if (report.error && !transient && report.error.code !== 'insufficient_scope') {
    return refuse(report.error, forge);
  }

  const forgeTokens = await ctx.store.tokens.list(input.ownerId, { forge });
  if (!forgeTokens.ok) return err(forgeTokens.error);
  const existing = forgeTokens.value.find((record) => record.fingerprint === fingerprintHex) ?? null;
  const firstForHost = !forgeTokens.value.some((record) => record.apiUrl === apiUrl && record !== existing);

  const id = ctx.store.newId();
  const token: NewToken = {
    id,
    ownerId: input.ownerId,
    forge,
    apiUrl: report.apiUrl ?? apiUrl,
    label: input.label ?? null,
    email: input.email ?? null,
    kind: report.kind ?? kind,
    mask: secret.mask(),
    fingerprint: fingerprintHex,
    isDefault: input.makeDefault ?? firstForHost,
    ...facts(ctx, report, existing, transient),
    // The id is chosen before sealing: the ciphertext is bound to it (and to owner and forge).
    sealed: seal(secret, { tokenId: id, ownerId: input.ownerId, forge }, ctx.ring),
  };
  const saved = await ctx.store.transaction(async (tx) => {
    const upserted = await tx.tokens.upsertByFingerprint(token);
    if (!upserted.ok) return upserted;
    const audited = await tx.audit.append({
      ownerId: input.ownerId,
      actor: input.actor,
      action: 'add',
      tokenId: upserted.value.record.id,
      forge,
      outcome: 'ok',
      errorCode: report.error?.code ?? null,
    });
    return audited.ok ? upserted : audited;
  });
  if (!saved.ok) return refuse(saved.error, forge);
  return ok({
    record: toView(ctx, saved.value.record),
    created: saved.value.created,
    report,
    notice: transient && report.error ? staleNotice(forge, report.error) : null,
  });
}

type Facts = Pick<NewToken, 'account' | 'scopes' | 'expiresAt' | 'status' | 'statusCode' | 'lastCheckedAt'>;

/** What the forge said, or — when it could not be asked — what was known before (kept, never erased). */
function facts(
  ctx: VaultContext,
  report: InspectReport,
  existing: TokenRecord | null,
  transient: boolean,
): Facts {
  const now = ctx.now();
  const known = transient
    ? {
        account: existing?.account ?? null,
        scopes: existing?.scopes ?? null,
        expiresAt: existing?.expiresAt ?? null,
        lastCheckedAt: existing?.lastCheckedAt ?? null,
      }
    : {
        account: report.account,
        scopes: report.scopes,
        expiresAt: report.expiresAt,
        lastCheckedAt: now.toISOString(),
      };
  const verdict = statusAfterCheck({
    error: report.error,
    expiresAt: known.expiresAt,
    missing: report.missing,
    previous: existing === null ? null : storedStatusOf(existing),
    now,
    warnDays: ctx.warnDays,
  });
  return { ...known, status: verdict.status, statusCode: verdict.code };
}

function staleNotice(forge: ForgeId, error: FkError): string {
  return (
    `${FORGE_NAMES[forge]} could not be asked about the token (${error.code}). It was stored anyway, ` +
    'unverified (status stale); check it again later (check or refresh) to learn its account, scopes and expiry.'
  );
}
