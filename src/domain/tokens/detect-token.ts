import { detectBitbucket } from './detect-bitbucket.js';
import { detectGitHub } from './detect-github.js';
import { detectCustomPrefixRoutable, detectGitLab } from './detect-gitlab.js';
import { type Detection, UNKNOWN } from './detection.js';

export type { ChecksumState, Detection } from './detection.js';

/**
 * Classifies a cleaned token by prefix first, then checksum where one is known (forges.md §8.1).
 * Pure and offline: a valid checksum rules out typos and made-up tokens, not revocation or expiry.
 * The prefixes of the three forges do not overlap, so the order only matters for the prefix-less
 * formats last.
 */
export function detectToken(value: string): Detection {
  return (
    detectGitHub(value) ??
    detectGitLab(value) ??
    detectBitbucket(value) ??
    detectCustomPrefixRoutable(value) ?? { ...UNKNOWN }
  );
}
