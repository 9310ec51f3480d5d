import { open } from '../../crypto/index.js';
import type { FkError } from '../../domain/errors/error.js';
import { err, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import { isVaultStatus, type StoredStatus, statusAt } from '../../domain/vault-status.js';
import type { TokenRecord } from '../../store/index.js';
import type { VaultContext } from './context.js';
import type { TokenView } from './types.js';

/** A record as callers see it: no fingerprint, no key id, the status as of now. */
export function toView(ctx: VaultContext, record: TokenRecord): TokenView {
  const { fingerprint: _fingerprint, keyId: _keyId, status: _status, statusCode: _code, ...rest } = record;
  const now = statusAt(record, ctx.now(), ctx.warnDays);
  return { ...rest, status: now.status, statusCode: now.code, daysLeft: now.daysLeft };
}

/**
 * Opens a stored token. Internal to the vault: outside it, `withToken` is the only way to a
 * plaintext token. A ciphertext that does not open marks that record `undecryptable` (best effort:
 * the caller gets the error either way) and leaves every other record alone.
 */
export async function openSecret(ctx: VaultContext, record: TokenRecord): Promise<Result<Secret, FkError>> {
  const sealed = await ctx.store.tokens.getSealed(record.ownerId, record.id);
  if (!sealed.ok) return sealed;
  const opened = open(
    sealed.value,
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
