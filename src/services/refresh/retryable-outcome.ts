import type { FkError } from '../../domain/errors/error.js';
import type { CheckOutcome } from './types.js';

/**
 * Turns a check's error into the outcome the engine retries, or null when the error is a verdict on
 * the token (`bad_credentials`, `token_expired` …) that the caller reports as `done`.
 * - `rate_limited` → pause the host until the forge's `details.retryAt` (set by the forge adapters);
 * - `forge_unreachable` (5xx, timeout, reset, a proxy's HTML) and `store_busy` (a locked database
 *   while recording the result) → transient: they say nothing about the token (DESIGN.md, "Facts").
 */
export function retryableOutcome(error: FkError): Exclude<CheckOutcome<never>, { kind: 'done' }> | null {
  if (error.code === 'rate_limited') return { kind: 'rate_limited', error, retryAt: retryAtOf(error) };
  if (error.code === 'forge_unreachable' || error.code === 'store_busy') return { kind: 'transient', error };
  return null;
}

function retryAtOf(error: FkError): Date | null {
  const value = error.details?.retryAt;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
