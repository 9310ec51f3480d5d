/** The scan of outgoing content for forge tokens and private keys (issue 5 §1 "Push"; docs/push.md). */
export { matchPrivateKeyAt, type PrivateKeyMatch } from './private-key-match.js';
export { scanContent, scanFiles } from './scan.js';
export { MAX_REPORTED_FINDINGS, secretDetectedError } from './secret-detected-error.js';
export { looksRandom, matchTokenAt, type TokenMatch } from './token-match.js';
export type { Finding, ScannedFile, SecretKind } from './types.js';
