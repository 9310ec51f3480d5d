import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import type { TokenRecord } from '../../store/index.js';
import { auditBestEffort, type VaultContext } from './context.js';
import { adapterFor, isDeadToken, manualRevocation, webUrlOf } from './forge-links.js';
import type { RevocationResult } from './types.js';

/**
 * Revokes `secret` (the token of `record`) at the forge where the adapter can, and audits the
 * attempt. Where it cannot (Bitbucket has no API for it), answers how to do it by hand. A token the
 * forge already refuses counts as done. Any other failure (the forge down, rate limiting) is the
 * error: the caller must not delete a token it was asked to revoke first.
 */
export async function revokeAtForge(
  ctx: VaultContext,
  record: TokenRecord,
  secret: Secret | null,
  actor: string,
): Promise<Result<RevocationResult, FkError>> {
  const adapter = await adapterFor(ctx, record.forge, record.apiUrl);
  if (adapter.revoke === undefined || secret === null) {
    const manual = manualRevocation(record.forge, record.kind, await webUrlOf(record.forge, record.apiUrl));
    return ok({ type: 'manual', manual });
  }
  const revoked = await adapter.revoke(secret, record.kind, record.email ? { email: record.email } : {});
  const event = { ownerId: record.ownerId, actor, action: 'revoke', tokenId: record.id, forge: record.forge };
  if (revoked.ok) {
    await auditBestEffort(ctx, { ...event, outcome: 'ok' });
    return ok({ type: 'revoked', outcome: revoked.value });
  }
  await auditBestEffort(ctx, { ...event, outcome: 'error', errorCode: revoked.error.code });
  if (isDeadToken(revoked.error)) return ok({ type: 'already_dead', code: revoked.error.code });
  return err(revoked.error);
}
