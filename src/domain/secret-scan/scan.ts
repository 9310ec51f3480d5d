import { maskToken } from '../secret.js';
import { matchPrivateKeyAt, PRIVATE_KEY_PREFIX_SOURCE } from './private-key-match.js';
import { matchTokenAt, TOKEN_PREFIX_SOURCE, type TokenMatch } from './token-match.js';
import type { Finding, ScannedFile, SecretKind } from './types.js';

/** Every start of a candidate, tokens and private keys, in one alternation: the text is walked once. */
const CANDIDATE = new RegExp(`${TOKEN_PREFIX_SOURCE}|${PRIVATE_KEY_PREFIX_SOURCE}`, 'g');
const FORGE_KINDS = {
  github: 'github-token',
  gitlab: 'gitlab-token',
  bitbucket: 'bitbucket-token',
} as const satisfies Record<TokenMatch['forge'], SecretKind>;

/**
 * Every byte is one character (latin1; WHATWG maps it to windows-1252, still one character per
 * byte), so binary files are scanned too — a token inside a SQLite file, an archive member stored
 * uncompressed or a bundle leaks just the same — and columns count bytes. Tokens and key headers
 * are ASCII, so UTF-8 text is found exactly as it would be decoded.
 */
const decoder = new TextDecoder('latin1');

/**
 * Finds the forge tokens and private keys in one file's bytes, in order. A token is reported only
 * when the project's detector confirms it (a valid checksum, or the exact shape of a format that has
 * none); a token-shaped string with a wrong checksum is not a finding (see `matchTokenAt`).
 */
export function scanContent(path: string, content: Uint8Array): Finding[] {
  const text = decoder.decode(content);
  const findings: Finding[] = [];
  const lines = lineCounter(text);
  const candidate = new RegExp(CANDIDATE);
  for (let found = candidate.exec(text); found !== null; found = candidate.exec(text)) {
    const index = found.index;
    const isKey = found[0].startsWith('-') || found[0].startsWith('P');
    // Prose and code mention prefixes ("ghp_ tokens"): one character decides most of them cheaply.
    if (!isKey && !isBodyCharacter(text.charCodeAt(index + found[0].length))) continue;
    const where = (): { line: number; column: number } => lines(index);
    if (isKey) {
      const key = matchPrivateKeyAt(text, index);
      if (key === null) continue;
      findings.push({ path, ...where(), kind: 'private-key', tokenKind: null, masked: key.label });
      candidate.lastIndex = key.end;
      continue;
    }
    const token = matchTokenAt(text, index);
    if (token === null) continue;
    findings.push({
      path,
      ...where(),
      kind: FORGE_KINDS[token.forge],
      tokenKind: token.kind,
      masked: maskToken(token.token),
    });
    candidate.lastIndex = token.end;
  }
  return findings;
}

/** `scanContent` over many files, findings in file order. */
export function scanFiles(files: Iterable<ScannedFile>): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) findings.push(...scanContent(file.path, file.content));
  return findings;
}

/** `[A-Za-z0-9_-]`: what follows the prefix of every token format. */
function isBodyCharacter(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f ||
    code === 0x2d
  );
}

/**
 * Line and column of increasing indexes; each call counts only the newlines since the previous one,
 * so a file with many findings is still walked once.
 */
function lineCounter(text: string): (index: number) => { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  return (index) => {
    for (let at = text.indexOf('\n', scanned); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) {
      line++;
      lineStart = at + 1;
    }
    scanned = index;
    return { line, column: index - lineStart + 1 };
  };
}
