import { TOKEN_PREFIXES } from './token-formats.js';

/**
 * Masks for anything that may hold a credential. The request log and token metadata only ever hold
 * these: a known prefix, an ellipsis and at most the last four characters (fewer for short values).
 */
export function maskSecret(value: string): string {
  const prefix = TOKEN_PREFIXES.find((candidate) => value.startsWith(candidate)) ?? '';
  const rest = value.length - prefix.length;
  const tail = rest >= 16 ? 4 : rest >= 8 ? 2 : 0;
  return `${prefix}…${tail > 0 ? value.slice(-tail) : ''}`;
}

/** `Bearer ghp_…x1Yz`, `Basic octo@example.com:ATATT3…1C4A`; unknown schemes keep only their name. */
export function maskAuthorization(header: string): string {
  const space = header.indexOf(' ');
  if (space < 0) return maskSecret(header);
  const scheme = header.slice(0, space);
  const credentials = header.slice(space + 1).trim();
  const lower = scheme.toLowerCase();
  if (lower === 'bearer' || lower === 'token') return `${scheme} ${maskSecret(credentials)}`;
  if (lower === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return `${scheme} …`;
    return `${scheme} ${maskUser(decoded.slice(0, colon))}:${maskSecret(decoded.slice(colon + 1))}`;
  }
  return `${scheme} …`;
}

/**
 * A Basic user part is shown when it looks like a username or an email (it helps debugging), and
 * masked when it may be a token: classic GitHub PATs also work as the Basic *username* (forges.md §1.9).
 */
function maskUser(user: string): string {
  const looksLikeName =
    user.length <= 64 &&
    /^[\w.+@-]*$/.test(user) &&
    !TOKEN_PREFIXES.some((prefix) => user.startsWith(prefix)) &&
    (user.includes('@') || user.length < 40);
  return looksLikeName ? user : maskSecret(user);
}
