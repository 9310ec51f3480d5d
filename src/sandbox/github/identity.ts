import type { SandboxAccount } from '../accounts.js';
import type { GitIdentity } from '../git/types.js';

/**
 * A commit identity from a request's `author`/`committer` object (`{name, email, date?}`), or the
 * caller's own (GitHub's default: the authenticated user, now), or null when given but invalid.
 * Without an object and without a fallback: undefined.
 */
export function identityOf(
  value: unknown,
  fallback: SandboxAccount | null,
  nowMs: number,
): GitIdentity | null {
  if (value === undefined || value === null) {
    return fallback ? { name: fallback.name, email: fallback.email, dateMs: nowMs } : null;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const { name, email, date } = Object.fromEntries(Object.entries(value));
  if (typeof name !== 'string' || name === '' || typeof email !== 'string' || email === '') return null;
  if (date === undefined) return { name, email, dateMs: nowMs };
  const dateMs = typeof date === 'string' ? Date.parse(date) : Number.NaN;
  return Number.isNaN(dateMs) ? null : { name, email, dateMs };
}
