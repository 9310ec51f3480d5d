import { constantTimeEqual } from './constant-time.js';
import { crc32 } from './crc32.js';
import { toBase36 } from './encoding.js';

/**
 * The end of a GitLab routable token (forges.md §2.1): an optional `.01` version segment (current
 * GitLab), `.`, the base64url payload's length in 2 base36 digits, and the CRC-32 of everything
 * before it, prefix included, in 7 base36 digits.
 */
const SUFFIX = /(\.01)?\.([0-9a-z]{2})([0-9a-z]{7})$/;
const BASE64URL = /^[0-9A-Za-z_-]+$/;
/** A custom prefix may hold a `.` too; the payload after it may not. */
const PREFIX_AND_PAYLOAD = /^[0-9A-Za-z_.-]+$/;
/** Payload bounds and longest prefix from GitLab's `ROUTABLE_TOKEN_REGEX` (token_authenticatable_matchers.rb). */
const MIN_PAYLOAD = 27;
const MAX_PAYLOAD = 300;
const MAX_PREFIX = 20;
const CRC_LENGTH = 7;
const LENGTH_FIELD_WIDTH = 2;

/**
 * `not-routable`: no routable suffix, so no checksum to check. `malformed`: the token ends like a
 * routable token but the rest cannot be its prefix and payload (a stray `.`, a payload too short).
 */
export type RoutableCheck = 'valid' | 'invalid' | 'malformed' | 'not-routable';

/**
 * Checks a routable GitLab token. `prefix` is its known prefix (`glpat-`, `gldt-` …), or `null`
 * for a self-managed custom PAT prefix (§2.10): the CRC covers the prefix without needing to know
 * where it ends, and the length field then tells where the payload starts. A length field that does
 * not match the payload counts as an invalid checksum: both are integrity fields, and a typo that
 * drops a character breaks both.
 */
export function checkGitLabRoutable(token: string, prefix: string | null): RoutableCheck {
  const suffix = SUFFIX.exec(token);
  if (suffix === null) return 'not-routable';
  const [, , lengthField = '', crcField = ''] = suffix;
  const beforeSuffix = token.slice(0, suffix.index);
  if (prefix !== null && !beforeSuffix.startsWith(prefix)) return 'not-routable';
  const lengthOk =
    prefix === null
      ? unknownPrefixLengthOk(beforeSuffix, lengthField)
      : knownPrefixLengthOk(beforeSuffix.slice(prefix.length), lengthField);
  if (lengthOk === null) return prefix === null ? 'not-routable' : 'malformed';
  const crcOk = constantTimeEqual(toBase36(crc32(token.slice(0, -CRC_LENGTH)), CRC_LENGTH), crcField);
  return crcOk && lengthOk ? 'valid' : 'invalid';
}

/** null when the payload is not base64url of a possible length. */
function knownPrefixLengthOk(payload: string, lengthField: string): boolean | null {
  if (payload.length < MIN_PAYLOAD || payload.length > MAX_PAYLOAD || !BASE64URL.test(payload)) return null;
  return lengthField === toBase36(payload.length, LENGTH_FIELD_WIDTH);
}

/**
 * With an unknown prefix, the suffix shape alone marks a routable token (a custom-prefix legacy
 * token ends in 20 dot-free characters, so it never has one); the length field then says where the
 * payload starts. null when the characters before the suffix cannot be prefix + payload at all.
 */
function unknownPrefixLengthOk(beforeSuffix: string, lengthField: string): boolean | null {
  if (beforeSuffix.length < MIN_PAYLOAD || beforeSuffix.length > MAX_PAYLOAD + MAX_PREFIX) return null;
  if (!PREFIX_AND_PAYLOAD.test(beforeSuffix)) return null;
  const claimed = Number.parseInt(lengthField, 36);
  if (claimed < MIN_PAYLOAD || claimed > MAX_PAYLOAD || claimed > beforeSuffix.length) return false;
  if (beforeSuffix.length - claimed > MAX_PREFIX) return false;
  return BASE64URL.test(beforeSuffix.slice(-claimed));
}
