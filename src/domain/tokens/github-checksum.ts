import { constantTimeEqual } from './constant-time.js';
import { crc32 } from './crc32.js';
import { toBase62 } from './encoding.js';

/** `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` tokens of this length carry a checksum (forges.md §1.1). */
export const GITHUB_CHECKSUMMED_LENGTH = 40;
const PREFIX_LENGTH = 4;
const CHECKSUM_LENGTH = 6;

/**
 * The 6-character checksum of a 40-character `gh?_` token's 30 random characters: CRC-32 in base62,
 * left-padded with `0` (forges.md §1.1, GitHub blog "Behind GitHub's new authentication token formats").
 */
export function githubChecksum(body: string): string {
  return toBase62(crc32(body), CHECKSUM_LENGTH);
}

/**
 * Whether a 40-character `gh?_` token's last 6 characters match its body. The prefix is not
 * covered: `ghp_X` and `gho_X` share a checksum.
 */
export function isGitHubChecksumValid(token: string): boolean {
  if (token.length !== GITHUB_CHECKSUMMED_LENGTH) return false;
  const body = token.slice(PREFIX_LENGTH, -CHECKSUM_LENGTH);
  return constantTimeEqual(githubChecksum(body), token.slice(-CHECKSUM_LENGTH));
}
