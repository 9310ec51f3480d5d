import type { ForgeId } from '../forge.js';
import { PERSONAL_KINDS, type TokenKind } from '../token-kind.js';

export type ChecksumState = 'valid' | 'invalid' | 'none';

/** What the format of a (cleaned) token says, before any call to a forge. */
export interface Detection {
  /** The forge the format belongs to; null when no known format matches. */
  forge: ForgeId | null;
  kind: TokenKind | null;
  /** `none` when the format has no known checksum (fine-grained, legacy, stateless `ghs_` …). */
  checksum: ChecksumState;
  /** Whether the kind is one a person creates and pastes as a personal access token. */
  personal: boolean;
  /** `bad` when a known prefix matched but the rest has the wrong length or characters. */
  shape: 'ok' | 'bad';
  /** The prefix that identified the format (`ghp_`, `gldt-`, `ATBB`); not secret, the mask shows it too. */
  prefix: string | null;
  /** For a bad shape: what is wrong, in words and numbers only, never token text. */
  problem: string | null;
}

export const UNKNOWN: Detection = {
  forge: null,
  kind: null,
  checksum: 'none',
  personal: false,
  shape: 'ok',
  prefix: null,
  problem: null,
};

export function recognised(
  forge: ForgeId,
  kind: TokenKind,
  prefix: string | null,
  checksum: ChecksumState,
): Detection {
  return { forge, kind, checksum, personal: PERSONAL_KINDS.has(kind), shape: 'ok', prefix, problem: null };
}

export function misshapen(
  forge: ForgeId,
  kind: TokenKind,
  prefix: string | null,
  problem: string,
): Detection {
  return { ...recognised(forge, kind, prefix, 'none'), shape: 'bad', problem };
}

export function checksumState(valid: boolean): ChecksumState {
  return valid ? 'valid' : 'invalid';
}
