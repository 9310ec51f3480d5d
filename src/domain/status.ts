import type { ErrorCode } from './errors/catalogue.js';
import type { FkError } from './errors/error.js';

/**
 * The status of a token after a check: `active`, `expiring` (inside the warning window),
 * `insufficient_scope` (a required capability is missing), `unverified` (offline checks only) or,
 * when the check failed, the catalogue code that says why (`bad_credentials`, `token_expired`,
 * `rate_limited`, …).
 */
export type TokenStatus = 'active' | 'expiring' | 'insufficient_scope' | 'unverified' | ErrorCode;

export const DEFAULT_WARN_DAYS = 14;

export const DAY_MS = 86_400_000;

export function tokenStatus(input: {
  error: FkError | null;
  missing: readonly string[];
  expiresAt: string | null;
  now: Date;
  warnDays?: number;
  verified: boolean;
}): TokenStatus {
  if (input.error) return input.error.code;
  if (!input.verified) return 'unverified';
  if (input.missing.length > 0) return 'insufficient_scope';
  if (isExpiring(input.expiresAt, input.now, input.warnDays ?? DEFAULT_WARN_DAYS)) return 'expiring';
  return 'active';
}

export function isExpiring(expiresAt: string | null, now: Date, warnDays: number): boolean {
  if (expiresAt === null) return false;
  return Date.parse(expiresAt) - now.getTime() <= warnDays * DAY_MS;
}

/** Whole days from `now` until `expiresAt`, rounded down; negative once it has passed. */
export function daysUntil(expiresAt: string, now: Date): number {
  return Math.floor((Date.parse(expiresAt) - now.getTime()) / DAY_MS);
}

/** Statuses that say nothing about the token: the forge could not be asked. */
export const UNVERIFIED_CODES: ReadonlySet<TokenStatus> = new Set<TokenStatus>([
  'rate_limited',
  'forge_unreachable',
]);
