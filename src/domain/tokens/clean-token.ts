import { type FkError, fkError } from '../errors/error.js';
import { err, ok, type Result } from '../result.js';

/** No supported token comes near this (stateless `ghs_` ≈ 520, GitLab routable ≤ 330). */
export const MAX_TOKEN_LENGTH = 1024;

/** A cleaned token and, in plain words, what was taken off it. */
export interface CleanedToken {
  value: string;
  removed: string[];
}

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const LINE_BREAK = /[\r\n\u2028\u2029]/;
const NOT_LINE_BREAK = /[^\r\n\u2028\u2029]/;
/** ASCII quotes, plus the typographic pairs word processors and chat apps put around pasted text. */
const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['\u201C', '\u201D'],
  ['\u2018', '\u2019'],
];
const AUTH_SCHEME = /^(bearer|token)\s+/i;

type Step = (value: string) => CleanedToken | null;

const STEPS: readonly Step[] = [removeZeroWidth, trimWhitespace, unquote, removeAuthScheme];

/**
 * Takes off what copying and pasting adds around a token (whitespace, line breaks, quotes, an
 * `Authorization` scheme, zero-width characters) and reports it, then rejects what no token
 * contains. Error messages give lengths and positions only, never token text.
 */
export function cleanToken(raw: string): Result<CleanedToken, FkError> {
  const cleaned = strip(raw);
  const problem = findProblem(cleaned.value, cleaned.removed);
  return problem === null ? ok(cleaned) : err(problem);
}

/** Applies the steps until none changes anything, so cleaning is idempotent. Each step shortens the value. */
function strip(raw: string): CleanedToken {
  let value = raw;
  const removed: string[] = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (const step of STEPS) {
      const result = step(value);
      if (result === null) continue;
      value = result.value;
      for (const what of result.removed) if (!removed.includes(what)) removed.push(what);
      changed = true;
    }
  }
  return { value, removed };
}

function removeZeroWidth(value: string): CleanedToken | null {
  const without = value.replace(ZERO_WIDTH, '');
  return without === value ? null : { value: without, removed: ['zero-width characters'] };
}

function trimWhitespace(value: string): CleanedToken | null {
  const trimmed = value.trim();
  if (trimmed === value) return null;
  const start = value.indexOf(trimmed);
  const cut = value.slice(0, start) + value.slice(start + trimmed.length);
  const removed: string[] = [];
  if (NOT_LINE_BREAK.test(cut)) removed.push('surrounding whitespace');
  if (LINE_BREAK.test(cut)) removed.push('line breaks');
  return { value: trimmed, removed };
}

function unquote(value: string): CleanedToken | null {
  if (value.length < 2) return null;
  const pair = QUOTE_PAIRS.find(([open, close]) => value.startsWith(open) && value.endsWith(close));
  return pair === undefined ? null : { value: value.slice(1, -1), removed: ['quotes'] };
}

function removeAuthScheme(value: string): CleanedToken | null {
  const match = AUTH_SCHEME.exec(value);
  if (match === null) return null;
  const scheme = match[1]?.toLowerCase() === 'bearer' ? 'Bearer' : 'token';
  return { value: value.slice(match[0].length), removed: [`a leading "${scheme} "`] };
}

function findProblem(value: string, removed: readonly string[]): FkError | null {
  if (value.length === 0) return emptyInput(removed);
  const length = value.length;
  if (length > MAX_TOKEN_LENGTH) {
    return fkError('malformed_token', {
      message: `The token is ${length} characters long; no supported token is longer than ${MAX_TOKEN_LENGTH}.`,
      remediation: 'Paste only the token itself, not the file, command or message around it.',
      details: { length, maxLength: MAX_TOKEN_LENGTH },
    });
  }
  const position = value.search(/[^\x21-\x7e]/);
  if (position === -1) return null;
  return badCharacter(value.charAt(position), position + 1, length);
}

function emptyInput(removed: readonly string[]): FkError {
  const message =
    removed.length === 0
      ? 'No token was given: the input is empty.'
      : `No token was given: nothing is left once ${listOf(removed)} are removed.`;
  return fkError('invalid_input', {
    message,
    remediation: 'Paste the token itself.',
    details: { length: 0 },
  });
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Names the class of the character, never the character: it may be part of the token. */
function badCharacter(character: string, position: number, length: number): FkError {
  const where = `at position ${position} of ${length}`;
  if (/\s/.test(character)) {
    return fkError('malformed_token', {
      message: `The token contains ${whitespaceName(character)} ${where}; tokens never contain whitespace.`,
      remediation:
        'Copy the token again in one piece. If it was wrapped over two lines, join them without a space.',
      details: { position, length },
    });
  }
  if (isControl(character.charCodeAt(0))) {
    return fkError('malformed_token', {
      message: `The token contains a control character ${where}; tokens are letters, digits and a few symbols.`,
      remediation: 'Copy the token again from the forge, in full, and paste it as plain text.',
      details: { position, length },
    });
  }
  return fkError('malformed_token', {
    message: `The token contains a non-ASCII character ${where}; tokens are plain ASCII letters, digits and a few symbols.`,
    remediation:
      'Copy the token again straight from the forge. Word processors and chat apps replace characters (curly quotes, long dashes); paste through a plain-text editor if needed.',
    details: { position, length },
  });
}

function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

function whitespaceName(character: string): string {
  if (character === ' ') return 'a space';
  if (character === '\t') return 'a tab';
  if (LINE_BREAK.test(character)) return 'a line break';
  return 'a whitespace character';
}
