/** The offline token checks: cleaning, format recognition and checksums (forges.md §1.1, §2.1, §3.2, §8). */
export { isAppPasswordChecksumValid, isAtlassianChecksumValid } from './atlassian-checksum.js';
export {
  APP_PASSWORD_REMOVED_AT,
  checkOffline,
  type OfflineOptions,
  type OfflineReport,
} from './check-offline.js';
export { type CleanedToken, cleanToken, MAX_TOKEN_LENGTH } from './clean-token.js';
export { constantTimeEqual } from './constant-time.js';
export { crc32 } from './crc32.js';
export { detectToken } from './detect-token.js';
export type { ChecksumState, Detection } from './detection.js';
export { GITHUB_CHECKSUMMED_LENGTH, githubChecksum, isGitHubChecksumValid } from './github-checksum.js';
export { checkGitLabRoutable, type RoutableCheck } from './gitlab-checksum.js';
export { describeKind, KIND_LABELS } from './token-labels.js';
