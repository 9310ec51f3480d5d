/** A private key confirmed at a position of the scanned text. */
export interface PrivateKeyMatch {
  /** What the header says, never key material: `RSA PRIVATE KEY`, `PuTTY-User-Key-File-3`. */
  label: string;
  /** Index just after the header, where scanning resumes. */
  end: number;
}

/** The two starts of a private key the scan walks to; the full header is checked here. */
export const PRIVATE_KEY_PREFIX_SOURCE = '-----BEGIN |PuTTY-User-Key-File-';

/** PEM (PKCS#1, SEC1, DSA, PKCS#8 plain and encrypted), OpenSSH and OpenPGP armoured private keys. */
const ARMOR_HEADER =
  /-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED |OPENSSH )?PRIVATE KEY|PGP PRIVATE KEY BLOCK)-----/y;
const PUTTY_HEADER = /PuTTY-User-Key-File-(\d+): *[A-Za-z0-9@.-]+/y;
/** How far after a header its body must start; PEM and PGP headers (`Proc-Type:`, `Version:`) come first. */
const BODY_WINDOW = 1024;
const MAX_LINES_BEFORE_BODY = 8;
/** 32 base64 characters: 24 bytes of key material; a key line is 64 or 70 characters. */
const BODY_LINE = /^[A-Za-z0-9+/=]{32,}$/;
const SAME_LINE_BODY = /^[ \t]+[A-Za-z0-9+/=]{32,}/;
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*: /;
/** Quotes, commas and escapes around a key line kept in source code or JSON. */
const WRAPPING = /^[\s"'`]+|(?:[\s"'`,;+]|\\r|\\)+$/g;
const PUTTY_PRIVATE = /^Private-Lines: *\d+/m;
const PUTTY_WINDOW = 8192;

/**
 * Confirms a private key whose header starts at `index`, or null. A header alone is not a key: code
 * that parses keys and documentation mention headers, so the base64 body must follow (within a few
 * header or blank lines; JSON's `\n` escapes count as line breaks, as in cloud service-account
 * files). A PuTTY file must have its `Private-Lines:` section.
 */
export function matchPrivateKeyAt(text: string, index: number): PrivateKeyMatch | null {
  if (text.startsWith('P', index)) return matchPutty(text, index);
  ARMOR_HEADER.lastIndex = index;
  const header = ARMOR_HEADER.exec(text);
  if (header === null) return null;
  const end = index + header[0].length;
  if (!bodyFollows(text, end)) return null;
  return { label: header[1] ?? 'PRIVATE KEY', end };
}

function matchPutty(text: string, index: number): PrivateKeyMatch | null {
  PUTTY_HEADER.lastIndex = index;
  const header = PUTTY_HEADER.exec(text);
  if (header === null) return null;
  const end = index + header[0].length;
  if (!PUTTY_PRIVATE.test(text.slice(end, end + PUTTY_WINDOW))) return null;
  return { label: `PuTTY-User-Key-File-${header[1] ?? ''}`, end };
}

/**
 * Walks the lines after a header (line by line, no copy of the text): the first line that is not
 * blank and not a `Key: value` header must be key material. JSON's and C's `\n` escapes count as
 * line breaks.
 */
function bodyFollows(text: string, from: number): boolean {
  const limit = Math.min(text.length, from + BODY_WINDOW);
  let start = from;
  for (let line = 0; line <= MAX_LINES_BEFORE_BODY && start < limit; line++) {
    const { end, next } = lineEnd(text, start, limit);
    const content = text.slice(start, end);
    // A key flattened onto one line (an environment variable) has its body after a space.
    if (line === 0) {
      if (SAME_LINE_BODY.test(content)) return true;
    } else {
      const trimmed = content.replace(WRAPPING, '');
      if (trimmed !== '' && !HEADER_LINE.test(trimmed)) return BODY_LINE.test(trimmed);
    }
    start = next;
  }
  return false;
}

/** Where the line starting at `start` ends (a newline or a `\n` escape) and the next one starts. */
function lineEnd(text: string, start: number, limit: number): { end: number; next: number } {
  const newline = text.indexOf('\n', start);
  const real = newline === -1 || newline >= limit ? limit : newline;
  // Searched within this line only, so a file without escapes is not searched to its end each time.
  const escaped = text.slice(start, real).indexOf('\\n');
  if (escaped !== -1) return { end: start + escaped, next: start + escaped + 2 };
  return { end: real, next: real + 1 };
}
