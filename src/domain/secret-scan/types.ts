import type { TokenKind } from '../token-kind.js';

/** What a finding is: a forge's token (by forge) or a private key in one of the common formats. */
export type SecretKind = 'github-token' | 'gitlab-token' | 'bitbucket-token' | 'private-key';

/**
 * One secret found in content about to leave (a commit, a push). It never holds the secret: `masked`
 * shows at most the prefix and the last 4 characters of a token (`ghp_…AbCd`), and only the header
 * of a private key (`OPENSSH PRIVATE KEY`).
 */
export interface Finding {
  path: string;
  /** 1-based line (lines end at `\n`). */
  line: number;
  /** 1-based column in bytes: content is read one byte per character (latin1). */
  column: number;
  kind: SecretKind;
  /** The token kind for tokens (`classic`, `personal`, `api_token` …); null for private keys. */
  tokenKind: TokenKind | null;
  masked: string;
}

/** A file as the scan sees it: its path in the repository and its bytes. */
export interface ScannedFile {
  path: string;
  content: Uint8Array;
}
