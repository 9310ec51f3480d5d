import type { Capability } from './capability.js';
import type { ErrorCode } from './errors/catalogue.js';
import type { FkError } from './errors/error.js';
import { DAY_MS, DEFAULT_WARN_DAYS, isExpiring } from './status.js';

/**
 * The lifecycle status of a stored token (the vault's `tokens.status` column):
 * - `active`: the forge accepted it at the last check;
 * - `expiring`: active, and its expiry is inside the warning window (also computed at read time);
 * - `expired`: the forge said so, or its stored expiry has passed (GitHub only says "Bad credentials");
 * - `invalid`: the forge rejected it (revoked, wrong) — it will not come back;
 * - `insufficient_scope`: it works but lacks a capability the owner asked for;
 * - `stale`: the forge could not be asked (down, rate limiting); the last known facts are kept;
 * - `suspect`: the forge answered something that is neither yes nor no (SSO, a missing email, an
 *   account other than the stored one): it may still work, a person should look;
 * - `undecryptable`: its ciphertext cannot be opened with the loaded keys.
 */
export const VAULT_STATUSES = [
  'active',
  'expiring',
  'expired',
  'invalid',
  'insufficient_scope',
  'stale',
  'suspect',
  'undecryptable',
] as const;

export type VaultStatus = (typeof VAULT_STATUSES)[number];

/** A status with the catalogue code that explains it (null for `active` / `expiring`). */
export interface StoredStatus {
  status: VaultStatus;
  code: ErrorCode | null;
}

export function isVaultStatus(value: string): value is VaultStatus {
  return (VAULT_STATUSES as readonly string[]).includes(value);
}

/** Codes that say nothing about the token: the forge could not be asked (DESIGN "What the forges really do"). */
export const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'forge_unreachable',
  'rate_limited',
]);

/** Codes that say the token is dead (or never was a usable token): adding it stores nothing. */
export const DEFINITIVE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid_input',
  'malformed_token',
  'wrong_forge',
  'unsupported_token',
  'app_password_removed',
  'email_required',
  'bad_credentials',
  'token_expired',
  'token_revoked',
]);

export function isTransient(error: FkError | null): boolean {
  return error !== null && TRANSIENT_CODES.has(error.code);
}

/** Statuses that hold whatever a forge says while it cannot be asked: stale never overrides them. */
const STICKY: ReadonlySet<VaultStatus> = new Set<VaultStatus>(['invalid', 'expired']);

/** Statuses `withToken` refuses before lending the token. */
export const UNUSABLE: ReadonlySet<VaultStatus> = new Set<VaultStatus>([
  'expired',
  'invalid',
  'undecryptable',
]);

export interface CheckVerdict {
  /** The error the check ended with (the forge's, an undecryptable ciphertext, a missing capability). */
  error: FkError | null;
  /** The expiry known after the check: the forge's if it answered, else the stored one. */
  expiresAt: string | null;
  /** Required capabilities the token lacks (empty when nothing was required). */
  missing: readonly Capability[];
  /** What was stored before this check; null for a new token. */
  previous: StoredStatus | null;
  now: Date;
  warnDays?: number;
}

/**
 * The status to store after a check. A stored expiry that has passed wins over the forge's answer
 * (GitHub says "Bad credentials" for an expired token); a forge that could not be asked never makes a
 * token invalid and never undoes `invalid` / `expired`.
 */
export function statusAfterCheck(verdict: CheckVerdict): StoredStatus {
  const { error, previous } = verdict;
  const pastExpiry = hasExpired(verdict.expiresAt, verdict.now);
  if (error === null) {
    if (verdict.missing.length > 0) return { status: 'insufficient_scope', code: 'insufficient_scope' };
    if (pastExpiry) return { status: 'expired', code: 'token_expired' };
    const warn = verdict.warnDays ?? DEFAULT_WARN_DAYS;
    return { status: isExpiring(verdict.expiresAt, verdict.now, warn) ? 'expiring' : 'active', code: null };
  }
  switch (error.code) {
    case 'token_undecryptable':
      return { status: 'undecryptable', code: 'token_undecryptable' };
    case 'insufficient_scope':
      return { status: 'insufficient_scope', code: 'insufficient_scope' };
    case 'token_expired':
      return { status: 'expired', code: 'token_expired' };
    case 'bad_credentials':
    case 'token_revoked':
      return pastExpiry
        ? { status: 'expired', code: 'token_expired' }
        : { status: 'invalid', code: error.code };
  }
  if (TRANSIENT_CODES.has(error.code)) {
    if (pastExpiry) return { status: 'expired', code: 'token_expired' };
    if (previous !== null && STICKY.has(previous.status)) return previous;
    return { status: 'stale', code: error.code };
  }
  return { status: 'suspect', code: error.code };
}

/** A stored status as a reader sees it now: the clock moves even when nobody checks. */
export interface StatusNow extends StoredStatus {
  /** Whole days until expiry (negative once passed); null when the token does not expire. */
  daysLeft: number | null;
}

/**
 * What `list` / `show` report: an expiry that has passed reads as `expired`; an `active` token whose
 * expiry came inside the window reads as `expiring` (and an `expiring` one whose expiry moved away as
 * `active`). Other statuses are verdicts of a check and stay as stored.
 */
export function statusAt(
  stored: { status: string; statusCode: ErrorCode | null; expiresAt: string | null },
  now: Date,
  warnDays: number = DEFAULT_WARN_DAYS,
): StatusNow {
  const status: VaultStatus = isVaultStatus(stored.status) ? stored.status : 'suspect';
  // The expiry is parsed once: `list` judges every row of a list on every read.
  const left = stored.expiresAt === null ? null : Date.parse(stored.expiresAt) - now.getTime();
  const daysLeft = left === null ? null : Math.floor(left / DAY_MS);
  const base = { status, code: stored.statusCode, daysLeft };
  if (status === 'invalid' || status === 'undecryptable' || status === 'expired') return base;
  // As `hasExpired` and `isExpiring` (status.ts) judge it.
  if (left !== null && left <= 0) return { status: 'expired', code: 'token_expired', daysLeft };
  if (status === 'active' || status === 'expiring') {
    const expiring = left !== null && left <= warnDays * DAY_MS;
    return { status: expiring ? 'expiring' : 'active', code: null, daysLeft };
  }
  return base;
}

export function hasExpired(expiresAt: string | null, now: Date): boolean {
  return expiresAt !== null && Date.parse(expiresAt) <= now.getTime();
}
