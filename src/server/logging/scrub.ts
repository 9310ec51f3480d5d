import { maskToken } from '../../domain/secret.js';

/**
 * Token-shaped text: a known forge prefix (forges.md §8.1; GitLab's are listed one by one so words
 * such as "global-…" are left alone) followed by at least eight token characters — dots included,
 * for GitLab's routable `payload.01.checksum` format. Not a validator: it only has to catch what
 * must never leave the process.
 */
const TOKEN_TEXT =
  /(?<![A-Za-z0-9_])(github_pat_|gh[pousr]_|gl(?:pat|oas|dt|rtr|rt|cbt|ptt|ft|imt|agent|wt|soat|ffct)-|ATATT3|ATCTT3|ATBB)[A-Za-z0-9_=.-]{8,}/g;

/**
 * The last line of defence for text that leaves the server (log lines, error bodies): every
 * token-shaped substring becomes its mask (`ghp_…x1Yz`). Redaction by field name and never echoing
 * input come first; this catches what they miss (a token pasted into a field with another name).
 */
export function scrubTokenText(text: string): string {
  return text.replace(TOKEN_TEXT, (match) => maskToken(match));
}

/** `scrubTokenText` applied to every string inside a JSON-like value (error details). */
export function scrubDeep(value: unknown): unknown {
  if (typeof value === 'string') return scrubTokenText(value);
  if (Array.isArray(value)) return value.map(scrubDeep);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [scrubTokenText(key), scrubDeep(item)]),
    );
  }
  return value;
}

/** True when `text` contains something token-shaped. */
export function hasTokenText(text: string): boolean {
  TOKEN_TEXT.lastIndex = 0;
  const found = TOKEN_TEXT.test(text);
  TOKEN_TEXT.lastIndex = 0;
  return found;
}
