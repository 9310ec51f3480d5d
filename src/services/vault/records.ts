import { open, type SealedSecret } from '../../crypto/index.js';
import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import { isVaultStatus, type StatusNow, type StoredStatus, statusAt } from '../../domain/vault-status.js';
import type { TokenRecord } from '../../store/index.js';
import type { VaultContext } from './context.js';
import type { TokenView } from './types.js';

/**
 * A record as callers see it: no fingerprint, no key id, the status as of `now`. A list passes one
 * `now` for all rows.
 */
export function toView(ctx: VaultContext, record: TokenRecord, now: Date = ctx.now()): TokenView {
  return viewOf(record, statusAt(record, now, ctx.warnDays));
}

/**
 * The view of a record whose status as of now is `at`. Built field by field (one object, no
 * rest/spread copies): `list` makes one per row.
 */
export function viewOf(record: TokenRecord, at: StatusNow): TokenView {
  return {
    id: record.id,
    ownerId: record.ownerId,
    forge: record.forge,
    apiUrl: record.apiUrl,
    label: record.label,
    account: record.account,
    email: record.email,
    kind: record.kind,
    scopes: record.scopes,
    expiresAt: record.expiresAt,
    lastCheckedAt: record.lastCheckedAt,
    lastUsedAt: record.lastUsedAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    mask: record.mask,
    isDefault: record.isDefault,
    status: at.status,
    statusCode: at.code,
    daysLeft: at.daysLeft,
  };
}

/**
 * Opens a stored token. Internal to the vault: outside it, `withToken` is the only way to a
 * plaintext token. A ciphertext that does not open marks that record `undecryptable` (best effort:
 * the caller gets the error either way) and leaves every other record alone.
 *
 * `sealed`, when the caller read it with the record (`getWithSealed`), saves a read — used only when
 * the ring holds its key. Otherwise the secret is read through `store.tokens.getSealed`, whose key
 * guard first re-reads the key sources (a rotation in another process may have added the key).
 */
export async function openSecret(
  ctx: VaultContext,
  record: TokenRecord,
  sealed?: SealedSecret,
): Promise<Result<Secret, FkError>> {
  const read =
    sealed !== undefined && ctx.ring.get(sealed.keyId) !== undefined
      ? ok(sealed)
      : await ctx.store.tokens.getSealed(record.ownerId, record.id);
  if (!read.ok) return read;
  const opened = open(
    read.value,
    { tokenId: record.id, ownerId: record.ownerId, forge: record.forge },
    ctx.ring,
  );
  if (opened.ok) return opened;
  if (record.status !== 'undecryptable') {
    await ctx.store.tokens.update(record.ownerId, record.id, {
      status: 'undecryptable',
      statusCode: 'token_undecryptable',
    });
  }
  return err(opened.error);
}

/** The status as stored, before the clock is applied: what a check starts from. */
export function storedStatusOf(record: TokenRecord): StoredStatus {
  return { status: isVaultStatus(record.status) ? record.status : 'suspect', code: record.statusCode };
}
