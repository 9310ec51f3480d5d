import { DAY_MS } from '../clock.js';

/**
 * The app-password deprecation schedule (forges.md §3.3): brownouts from 2026-06-09 to 2026-07-27,
 * four daily windows at 00:00, 06:00, 12:00 and 18:00 UTC, 15 minutes the first week and 30 minutes
 * after; removal on 2026-07-28 (configurable).
 */
const BROWNOUT_START = Date.parse('2026-06-09T00:00:00Z');
const BROWNOUT_END = Date.parse('2026-07-28T00:00:00Z');
const LONGER_FROM = BROWNOUT_START + 7 * DAY_MS;
const SIX_HOURS_MS = 6 * 3_600_000;

export function appPasswordRemoved(nowMs: number, removalDate: string): boolean {
  return nowMs >= Date.parse(`${removalDate}T00:00:00Z`);
}

export function inBrownout(nowMs: number): boolean {
  if (nowMs < BROWNOUT_START || nowMs >= BROWNOUT_END) return false;
  const windowMs = (nowMs < LONGER_FROM ? 15 : 30) * 60_000;
  return nowMs % SIX_HOURS_MS < windowMs;
}
