import type { FkError } from '../../domain/errors/error.js';
import { Secret } from '../../domain/secret.js';

export const REDACTED = '[REDACTED]';

/** Request headers whose values are credentials. Compared lower-case (header names are case-insensitive). */
const SENSITIVE_HEADERS = new Set([
  'authorization',
  'private-token',
  'job-token',
  'cookie',
  'proxy-authorization',
]);

/**
 * Replaces every occurrence of every secret in `text` (also URL-encoded) with `[REDACTED]`. Used on
 * any text that could echo a request: network error messages, forge messages, body snippets.
 * Longest secrets go first so a token inside a longer Basic credential is not half-replaced.
 */
export function redact(text: string, secrets: readonly (string | Secret)[]): string {
  const values = expand(secrets).sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of values) out = out.replaceAll(value, REDACTED);
  return out;
}

/** `redact` applied to every string inside a JSON-like value (error details). */
export function redactDeep(value: unknown, secrets: readonly (string | Secret)[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]));
  }
  return value;
}

/** The last line of defence before an error leaves an adapter: no secret in message, remediation or details. */
export function redactError(error: FkError, secrets: readonly (string | Secret)[]): FkError {
  const out: FkError = {
    code: error.code,
    message: redact(error.message, secrets),
    remediation: redact(error.remediation, secrets),
  };
  if (error.details !== undefined) {
    out.details = redactDeep(error.details, secrets) as Record<string, unknown>;
  }
  return out;
}

/**
 * The secret values carried by request headers: each sensitive header's full value, its credential
 * part after the scheme (`Bearer x` → `x`), and for Basic the decoded `user:password` and password.
 */
export function secretsOfHeaders(headers: Record<string, string> | undefined): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!SENSITIVE_HEADERS.has(name.toLowerCase())) continue;
    found.push(value);
    const match = /^(\w+)\s+(.+)$/.exec(value.trim());
    if (!match) continue;
    const [, scheme = '', credential = ''] = match;
    found.push(credential);
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      found.push(decoded);
      const colon = decoded.indexOf(':');
      if (colon >= 0) found.push(decoded.slice(colon + 1));
    }
  }
  return found;
}

function expand(secrets: readonly (string | Secret)[]): string[] {
  const values = new Set<string>();
  for (const secret of secrets) {
    const text = secret instanceof Secret ? secret.reveal() : secret;
    if (text.length === 0) continue;
    values.add(text);
    values.add(encodeURIComponent(text));
  }
  return [...values];
}
