import { FORGE_NAMES, type ForgeId } from '../../domain/forge.js';
import type { RevocationResult } from '../../services/vault/index.js';

/**
 * What happened at the forge to a removed token, or to the old token of a rotation, as lines for
 * people. Where the forge cannot revoke through its API, the lines say where to do it by hand.
 */
export function formatRevocation(result: RevocationResult, forge: ForgeId, subject: string): string {
  const name = FORGE_NAMES[forge];
  switch (result.type) {
    case 'not_requested':
      return `The ${subject} was not revoked: it works until it expires or you revoke it on ${name}.\n`;
    case 'revoked':
      return result.outcome === 'revoked'
        ? `${name} revoked the ${subject}.\n`
        : `${name} accepted the ${subject} for revocation.\n`;
    case 'already_dead':
      return `${name} already refuses the ${subject} (${result.code}): nothing left to revoke.\n`;
    case 'manual':
      return `Revoke the ${subject} by hand: ${result.manual.instructions}\n  ${result.manual.url}\n`;
    case 'failed':
      return (
        `Revoking the ${subject} failed [${result.error.code}]: ${result.error.message}\n` +
        `  Revoke it by hand: ${result.manual.instructions}\n  ${result.manual.url}\n`
      );
  }
}
