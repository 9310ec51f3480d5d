/** An `Authorization` header, parsed. Schemes are matched case-insensitively, as servers do. */
export type Credential =
  | { scheme: 'bearer' | 'token'; token: string }
  | { scheme: 'basic'; username: string; password: string }
  | { scheme: 'other' };

export function parseAuthorization(header: string | undefined): Credential | null {
  if (header === undefined || header.trim() === '') return null;
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0) return { scheme: 'other' };
  const scheme = trimmed.slice(0, space).toLowerCase();
  const value = trimmed.slice(space + 1).trim();
  if ((scheme === 'bearer' || scheme === 'token') && value !== '') return { scheme, token: value };
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { scheme: 'other' };
    return { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { scheme: 'other' };
}

/** A header's single value (Node joins duplicates for most headers; arrays only for a few). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
