import type { ForgeId } from '../forge.js';
import type { TokenKind } from '../token-kind.js';
import { detectToken } from '../tokens/detect-token.js';
import type { Detection } from '../tokens/detection.js';

/** A token confirmed at a position of the scanned text. */
export interface TokenMatch {
  token: string;
  forge: ForgeId;
  kind: TokenKind;
  /** Index just after the token, where scanning resumes. */
  end: number;
}

/**
 * The prefixes that start a candidate (forges.md §1.1, §2.1, §3.2). GitLab's list is the one of
 * `detect-gitlab.ts` (`GR1348941` is the legacy runner registration token); its order does not
 * matter because every prefix ends in `-`. One alternation, so the text is walked once.
 */
export const TOKEN_PREFIX_SOURCE =
  'github_pat_|gh[pousr]_|gl(?:pat|oas|dt|rtr|rt|cbt|ptt|ft|imt|agent|wt|soat|ffct)-|GR1348941|AT(?:ATT3|CTT3|BB)';

/** The 40-character `gh?_` form: the only GitHub form with a checksum (§1.1). */
const GITHUB_CHECKSUMMED = /gh[pousr]_[A-Za-z0-9]{36}/y;
/** `github_pat_` + 22 + `_` + 59, not followed by more word characters (§1.1). */
const GITHUB_FINE_GRAINED = /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/y;
/**
 * A GitLab routable token (§2.1): prefix, base64url payload (no `.`), optional `.01`, `.`, 2-digit
 * length and 7-digit CRC in base36. The payload cannot hold a `.`, so the match is unambiguous.
 */
const GITLAB_ROUTABLE = /(?:gl[a-z]+-)[0-9A-Za-z_-]{27,300}(?:\.01)?\.[0-9a-z]{9}/y;
/**
 * The older GitLab forms without a checksum: prefix and 20 to 64 base64url characters, then a
 * boundary. A `.` may end a sentence, but a `.` followed by more token characters is part of a
 * routable token whose checksum failed above (or a mangled one), so that is not a plain token.
 */
const GITLAB_PLAIN = /(?:gl[a-z]+-|GR1348941)([0-9A-Za-z_-]{20,64})(?![0-9A-Za-z_-]|\.[0-9A-Za-z_-])/y;
/** `ATATT3`/`ATCTT3` and everything that may belong to it; the checksum tail is found inside (§3.2). */
const ATLASSIAN_RUN = /AT[AC]TT3[A-Za-z0-9_=-]{144,294}/y;
const ATLASSIAN_MIN = 150;
const HEX_TAIL = /^[0-9A-F]{8}$/;
const APP_PASSWORD = /ATBB[A-Za-z0-9]{32}/y;

/**
 * Confirms a token that starts at `index` (where a prefix of `TOKEN_PREFIX_SOURCE` matched), or
 * null. A token is confirmed when the project's detector says its checksum is valid; a token-shaped
 * string whose checksum is wrong is a typo, a fake or an example, and is NOT reported — that keeps
 * false positives low. Formats that have no checksum (GitHub fine-grained, GitLab legacy `glpat-`
 * and other legacy GitLab kinds) are reported when their shape is exact and their random part looks
 * random (see `looksRandom`); the prefix-less formats (GitHub's 40-hex legacy tokens, GitLab custom
 * prefixes) are not searched at all: every git object id has the legacy shape.
 */
export function matchTokenAt(text: string, index: number): TokenMatch | null {
  const head = text.charCodeAt(index);
  if (head === 0x67 /* g */) {
    if (text.startsWith('gh', index) || text.startsWith('github_pat_', index))
      return matchGitHub(text, index);
    return matchGitLab(text, index);
  }
  if (head === 0x47 /* G */) return matchGitLabPlain(text, index);
  if (text.startsWith('ATBB', index)) return matchSticky(APP_PASSWORD, text, index, 'valid');
  return matchAtlassian(text, index);
}

function matchGitHub(text: string, index: number): TokenMatch | null {
  if (text.startsWith('github_pat_', index)) {
    const found = sticky(GITHUB_FINE_GRAINED, text, index);
    if (found === null || !looksRandom(found.slice('github_pat_'.length))) return null;
    return confirm(found, index, 'none');
  }
  return matchSticky(GITHUB_CHECKSUMMED, text, index, 'valid');
}

function matchGitLab(text: string, index: number): TokenMatch | null {
  const routable = sticky(GITLAB_ROUTABLE, text, index);
  if (routable !== null) return confirm(routable, index, 'valid');
  return matchGitLabPlain(text, index);
}

function matchGitLabPlain(text: string, index: number): TokenMatch | null {
  GITLAB_PLAIN.lastIndex = index;
  const found = GITLAB_PLAIN.exec(text);
  if (found === null || !looksRandom(found[1] ?? '')) return null;
  return confirm(found[0], index, 'none');
}

/** Tries every `=` + 8 uppercase hex digits in the run as the end of the token, shortest first. */
function matchAtlassian(text: string, index: number): TokenMatch | null {
  const run = sticky(ATLASSIAN_RUN, text, index);
  if (run === null) return null;
  for (let at = run.indexOf('=', ATLASSIAN_MIN - 9); at !== -1; at = run.indexOf('=', at + 1)) {
    const tail = run.slice(at + 1, at + 9);
    if (!HEX_TAIL.test(tail)) continue;
    const match = confirm(run.slice(0, at + 9), index, 'valid');
    if (match !== null) return match;
  }
  return null;
}

function matchSticky(
  pattern: RegExp,
  text: string,
  index: number,
  checksum: Detection['checksum'],
): TokenMatch | null {
  const found = sticky(pattern, text, index);
  return found === null ? null : confirm(found, index, checksum);
}

function sticky(pattern: RegExp, text: string, index: number): string | null {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0] ?? null;
}

/** Asks the detector; `checksum` is the state that confirms this format (`valid`, or `none` with a good shape). */
function confirm(token: string, index: number, checksum: Detection['checksum']): TokenMatch | null {
  const detection = detectToken(token);
  if (detection.forge === null || detection.kind === null) return null;
  if (detection.checksum !== checksum || detection.shape !== 'ok') return null;
  return { token, forge: detection.forge, kind: detection.kind, end: index + token.length };
}

/**
 * For formats without a checksum: random parts mix character classes and have no long runs, while
 * placeholders (`glpat-xxxxxxxxxxxxxxxxxxxx`, `glrt-runner-token-for-my-project`) do not. A random
 * 20-character base64url body fails this about once in seven million (one class only: 2·(28/64)^20;
 * six equal characters in a row: 15·64^-5).
 */
export function looksRandom(body: string): boolean {
  const classes = [/[0-9]/, /[A-Z]/, /[a-z]/].filter((re) => re.test(body)).length;
  if (classes < 2) return false;
  return !/(.)\1{5}/.test(body);
}
