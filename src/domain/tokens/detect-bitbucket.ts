import type { BitbucketTokenKind } from '../token-kind.js';
import { isAppPasswordChecksumValid, isAtlassianChecksumValid } from './atlassian-checksum.js';
import { checksumState, type Detection, misshapen, recognised } from './detection.js';

/** Atlassian-issued tokens that end in `=` and a CRC-32 in uppercase hex (forges.md §3.2). */
const ATLASSIAN_KINDS: ReadonlyArray<readonly [string, BitbucketTokenKind]> = [
  ['ATATT3', 'api_token'],
  ['ATCTT3', 'access_token'],
];
/**
 * Observed tokens are 192 characters (gitleaks `atlassian.go`); the length is not documented, so
 * accept a range (a scanner rule uses 150–270 after the anchor) and let the CRC catch truncation.
 */
const ATLASSIAN_MIN = 150;
const ATLASSIAN_MAX = 300;
const ATLASSIAN_CHARSET = /^[A-Za-z0-9_=-]+$/;
const ATLASSIAN_TAIL = /=[0-9A-F]{8}$/;

const APP_PASSWORD_PREFIX = 'ATBB';
/** `ATBB` + 32 letters and digits, the last 8 uppercase hex (noseyparker np.bitbucket.1, §3.2). */
const APP_PASSWORD_LENGTH = 36;
const APP_PASSWORD_CHARSET = /^ATBB[A-Za-z0-9]+$/;
const APP_PASSWORD_TAIL = /[0-9A-F]{8}$/;

/** Recognises Bitbucket / Atlassian formats; null when none matches. */
export function detectBitbucket(value: string): Detection | null {
  const entry = ATLASSIAN_KINDS.find(([prefix]) => value.startsWith(prefix));
  if (entry !== undefined) return detectAtlassian(value, entry[0], entry[1]);
  if (value.startsWith(APP_PASSWORD_PREFIX)) return detectAppPassword(value);
  return null;
}

function detectAtlassian(value: string, prefix: string, kind: BitbucketTokenKind): Detection {
  const bad = (problem: string): Detection => misshapen('bitbucket', kind, prefix, problem);
  if (value.length < ATLASSIAN_MIN || value.length > ATLASSIAN_MAX) {
    return bad(`it is ${value.length} characters long instead of about 192`);
  }
  if (!ATLASSIAN_CHARSET.test(value))
    return bad('it contains characters other than letters, digits, "_", "-" and "="');
  if (!ATLASSIAN_TAIL.test(value)) return bad('it does not end in "=" and 8 uppercase hexadecimal digits');
  return recognised('bitbucket', kind, prefix, checksumState(isAtlassianChecksumValid(value)));
}

function detectAppPassword(value: string): Detection {
  const bad = (problem: string): Detection =>
    misshapen('bitbucket', 'app_password', APP_PASSWORD_PREFIX, problem);
  if (value.length !== APP_PASSWORD_LENGTH) {
    return bad(`it is ${value.length} characters long instead of ${APP_PASSWORD_LENGTH}`);
  }
  if (!APP_PASSWORD_CHARSET.test(value)) return bad('it contains characters other than letters and digits');
  if (!APP_PASSWORD_TAIL.test(value))
    return bad('its last 8 characters are not uppercase hexadecimal digits');
  return recognised(
    'bitbucket',
    'app_password',
    APP_PASSWORD_PREFIX,
    checksumState(isAppPasswordChecksumValid(value)),
  );
}
