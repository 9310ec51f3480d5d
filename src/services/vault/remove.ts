import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import { auditBestEffort, type VaultContext } from './context.js';
import { openSecret, toView } from './records.js';
import { revokeAtForge } from './revoke.js';
import type { RemoveInput, RemoveResult, RevocationResult } from './types.js';

/**
 * Deletes a token (record and ciphertext; audit events stay). With `revoke`, the forge revokes it
 * first where it can; a revocation that fails for any reason but "already dead" leaves the token
 * stored, so the user can retry instead of losing the only handle on a live token.
 */
export async function removeToken(
  ctx: VaultContext,
  input: RemoveInput,
): Promise<Result<RemoveResult, FkError>> {
  const record = await ctx.store.tokens.get(input.ownerId, input.id);
  if (!record.ok) return record;
  let revocation: RevocationResult = { type: 'not_requested' };
  if (input.revoke) {
    const opened = await openSecret(ctx, record.value);
    if (!opened.ok && opened.error.code !== 'token_undecryptable') return opened;
    // An undecryptable token cannot be sent to the forge: the user is told where to revoke it.
    const secret: Secret | null = opened.ok ? opened.value : null;
    const revoked = await revokeAtForge(ctx, record.value, secret, input.actor);
    if (!revoked.ok) return revoked;
    revocation = revoked.value;
  }
  const event = {
    ownerId: input.ownerId,
    actor: input.actor,
    action: 'remove',
    tokenId: input.id,
    forge: record.value.forge,
  };
  const deleted = await ctx.store.transaction(async (tx) => {
    const gone = await tx.tokens.delete(input.ownerId, input.id);
    if (!gone.ok) return gone;
    const audited = await tx.audit.append({ ...event, outcome: 'ok' });
    return audited.ok ? gone : audited;
  });
  if (!deleted.ok) {
    await auditBestEffort(ctx, { ...event, outcome: 'error', errorCode: deleted.error.code });
    return err(deleted.error);
  }
  return ok({ record: toView(ctx, deleted.value), revocation });
}
