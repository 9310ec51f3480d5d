import { fingerprint, seal } from '../../crypto/index.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { FORGE_NAMES } from '../../domain/forge.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import { checkOffline } from '../../domain/tokens/index.js';
import { statusAfterCheck } from '../../domain/vault-status.js';
import type { TokenPatch, TokenRecord } from '../../store/index.js';
import { inspectLive } from '../inspect-token.js';
import { auditBestEffort, type VaultContext } from './context.js';
import { adapterFor, manualRevocation, webUrlOf } from './forge-links.js';
import { openSecret, storedStatusOf, toView } from './records.js';
import { revokeAtForge } from './revoke.js';
import type { ManualRevocation, RevocationResult, RotateInput, RotateResult } from './types.js';

/**
 * Replaces a token by a new one in the same record (id, label, default and history kept).
 * - GitLab without `newRaw`: the forge rotates it (`adapter.rotate`), revoking the old token in the
 *   same call. From the forge's answer to the commit the new token exists only in this process: if
 *   the process dies or the database refuses the write in that window, the new token is lost and the
 *   old one is already revoked (the user creates a new token by hand). The window is kept to sealing
 *   and one store write: everything else (opening the old token, the adapter) is ready before the call.
 * - Otherwise the user supplies the new token: offline checks, inspection (same forge and account),
 *   then the same single write; `revokeOld` revokes the old token at the forge afterwards.
 */
export async function rotateToken(
  ctx: VaultContext,
  input: RotateInput,
): Promise<Result<RotateResult, FkError>> {
  const record = await ctx.store.tokens.get(input.ownerId, input.id);
  if (!record.ok) return record;
  const fail = async (error: FkError) => {
    await auditBestEffort(ctx, { ...auditOf(input, record.value), outcome: 'error', errorCode: error.code });
    return err(error);
  };
  const old = await openSecret(ctx, record.value);
  if (input.newRaw === undefined) {
    if (!old.ok) return fail(old.error);
    return rotateAtForge(ctx, input, record.value, old.value, fail);
  }
  return rotateSupplied(ctx, input, record.value, old.ok ? old.value : null, input.newRaw, fail);
}

type Fail = (error: FkError) => Promise<{ ok: false; error: FkError }>;

async function rotateAtForge(
  ctx: VaultContext,
  input: RotateInput,
  record: TokenRecord,
  old: Secret,
  fail: Fail,
): Promise<Result<RotateResult, FkError>> {
  const adapter = await adapterFor(ctx, record.forge, record.apiUrl);
  if (adapter.rotate === undefined) {
    return fail(
      fkError('invalid_input', {
        message: `${FORGE_NAMES[record.forge]} cannot rotate this token through its API.`,
        remediation:
          'Create a new token on the forge and rotate by giving it (the new token replaces this one).',
      }),
    );
  }
  const options = {
    ...(record.email ? { email: record.email } : {}),
    ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
  };
  const rotated = await adapter.rotate(old, record.kind, options);
  if (!rotated.ok) return fail(rotated.error);
  // The window: no await but the one store transaction until the new token is committed.
  const { token, expiresAt } = rotated.value;
  const now = ctx.now();
  const verdict = statusAfterCheck({
    error: null,
    expiresAt,
    missing: [],
    previous: null,
    now,
    warnDays: ctx.warnDays,
  });
  const saved = await replaceSecret(ctx, input, record, token, {
    expiresAt,
    status: verdict.status,
    statusCode: verdict.code,
    lastCheckedAt: now.toISOString(),
  });
  if (!saved.ok) return fail(lostRotation(record, saved.error));
  const oldToken: RevocationResult = { type: 'revoked', outcome: 'revoked' };
  return ok({ record: toView(ctx, saved.value), method: 'forge', report: null, oldToken });
}

async function rotateSupplied(
  ctx: VaultContext,
  input: RotateInput,
  record: TokenRecord,
  old: Secret | null,
  newRaw: string,
  fail: Fail,
): Promise<Result<RotateResult, FkError>> {
  const now = ctx.now();
  const offline = checkOffline(newRaw, { forge: record.forge, now });
  if (offline.error) return fail(offline.error);
  if (!offline.secret || !offline.kind) return fail(fkError('malformed_token'));
  const email = input.email ?? record.email ?? undefined;
  const report = await inspectLive({
    secret: offline.secret,
    forge: record.forge,
    kind: offline.kind,
    apiUrl: record.apiUrl,
    email,
    now,
    warnDays: ctx.warnDays,
    adapterFor: ctx.adapterFor,
    offlineFindings: { checksum: offline.checksum, removed: offline.removed },
  });
  // Unverified is not good enough here: the new token replaces one that may still work.
  if (report.error && report.error.code !== 'insufficient_scope') return fail(report.error);
  const conflict = accountConflict(record, report.account);
  if (conflict) return fail(conflict);
  if (old?.equals(offline.secret)) {
    return fail(fkError('invalid_input', { message: 'The new token is the token already stored.' }));
  }
  const verdict = statusAfterCheck({
    error: report.error,
    expiresAt: report.expiresAt,
    missing: report.missing,
    previous: storedStatusOf(record),
    now,
    warnDays: ctx.warnDays,
  });
  const saved = await replaceSecret(ctx, input, record, offline.secret, {
    kind: report.kind ?? offline.kind,
    account: report.account,
    scopes: report.scopes,
    expiresAt: report.expiresAt,
    status: verdict.status,
    statusCode: verdict.code,
    lastCheckedAt: now.toISOString(),
    ...(input.email === undefined ? {} : { email: input.email }),
  });
  if (!saved.ok) return fail(saved.error);
  let oldToken: RevocationResult = { type: 'not_requested' };
  if (input.revokeOld) {
    // The new token is committed: a failed revocation is reported, not undone.
    const revoked = await revokeAtForge(ctx, record, old, input.actor);
    oldToken = revoked.ok
      ? revoked.value
      : { type: 'failed', error: revoked.error, manual: await manualFor(record) };
  }
  return ok({ record: toView(ctx, saved.value), method: 'supplied', report, oldToken });
}

/** One store write: the sealed token, its fingerprint and mask, and the facts, with the audit event. */
async function replaceSecret(
  ctx: VaultContext,
  input: RotateInput,
  record: TokenRecord,
  secret: Secret,
  facts: TokenPatch,
): Promise<Result<TokenRecord, FkError>> {
  const patch: TokenPatch = {
    ...facts,
    // Same record id, owner and forge: the new ciphertext is bound to the same context.
    sealed: seal(secret, { tokenId: record.id, ownerId: record.ownerId, forge: record.forge }, ctx.ring),
    fingerprint: fingerprint(secret, ctx.fingerprintKey),
    mask: secret.mask(),
  };
  const saved = await ctx.store.transaction(async (tx) => {
    const updated = await tx.tokens.update(record.ownerId, record.id, patch);
    if (!updated.ok) return updated;
    const event = await tx.audit.append({ ...auditOf(input, record), outcome: 'ok' });
    return event.ok ? updated : event;
  });
  if (saved.ok || saved.error.code !== 'conflict') return saved;
  return err(
    fkError('conflict', {
      message: 'The new token is already stored as another record.',
      remediation: 'Remove that record first, or keep using it instead of rotating this one.',
    }),
  );
}

function accountConflict(record: TokenRecord, account: TokenRecord['account']): FkError | null {
  if (record.account === null || account === null || record.account.id === account.id) return null;
  return fkError('conflict', {
    message: `The new token belongs to ${account.login || account.id}, the stored one to ${record.account.login || record.account.id}.`,
    remediation:
      'A rotation replaces a token by a new token of the same account, so that whatever uses this record keeps acting as the same user. Add the new token as a separate record instead (add).',
    details: { storedAccountId: record.account.id, newAccountId: account.id },
  });
}

async function manualFor(record: TokenRecord): Promise<ManualRevocation> {
  return manualRevocation(record.forge, record.kind, await webUrlOf(record.forge, record.apiUrl));
}

function auditOf(input: RotateInput, record: TokenRecord) {
  return {
    ownerId: input.ownerId,
    actor: input.actor,
    action: 'rotate',
    tokenId: record.id,
    forge: record.forge,
  };
}

/** The one bad end of a forge rotation: the forge made the new token, the store did not keep it. */
function lostRotation(record: TokenRecord, cause: FkError): FkError {
  return {
    ...cause,
    message: `${FORGE_NAMES[record.forge]} rotated the token, but the new token could not be stored: ${cause.message}`,
    remediation:
      'The old token is revoked and the new one is lost (it was never written anywhere). Create a new token on the forge and rotate this record with it (give the new token).',
  };
}
