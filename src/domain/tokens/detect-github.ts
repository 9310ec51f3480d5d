import type { GitHubTokenKind } from '../token-kind.js';
import { checksumState, type Detection, misshapen, recognised } from './detection.js';
import { GITHUB_CHECKSUMMED_LENGTH, isGitHubChecksumValid } from './github-checksum.js';

/** Prefixes of the `gh?_` family (forges.md §1.1); their 40-character form carries a checksum. */
const PREFIXED_KINDS: ReadonlyMap<string, GitHubTokenKind> = new Map([
  ['ghp_', 'classic'],
  ['gho_', 'oauth'],
  ['ghu_', 'app-user'],
  ['ghs_', 'app-installation'],
  ['ghr_', 'app-refresh'],
]);
const FINE_GRAINED_PREFIX = 'github_pat_';
/** `github_pat_` + 22 + `_` + 59 (§1.1). */
const FINE_GRAINED_LENGTH = 93;
/** The 2021 changelog told integrators to accept tokens up to 255 characters (§1.1). */
const MAX_LENGTH = 255;
const ALNUM = /^[A-Za-z0-9]+$/;
const WORD = /^[A-Za-z0-9_]+$/;
/** The 2026 stateless `ghs_` form: app id, `_`, a JWT; about 520 characters (§1.1, gh-aw #35016). */
const STATELESS_BODY = /^[A-Za-z0-9._-]+$/;
const LEGACY = /^[0-9a-f]{40}$/;

/** Recognises GitHub formats; null when the value has none of them. */
export function detectGitHub(value: string): Detection | null {
  if (value.startsWith(FINE_GRAINED_PREFIX)) return detectFineGrained(value);
  const prefix = value.slice(0, 4);
  const kind = PREFIXED_KINDS.get(prefix);
  if (kind !== undefined) return detectPrefixed(value, prefix, kind);
  if (LEGACY.test(value)) return recognised('github', 'legacy', null, 'none');
  return null;
}

function detectFineGrained(value: string): Detection {
  const bad = (problem: string): Detection =>
    misshapen('github', 'fine-grained', FINE_GRAINED_PREFIX, problem);
  if (value.length < FINE_GRAINED_LENGTH) {
    return bad(`it is ${value.length} characters long instead of ${FINE_GRAINED_LENGTH}`);
  }
  if (value.length > MAX_LENGTH) return bad(tooLong(value.length));
  if (!WORD.test(value.slice(FINE_GRAINED_PREFIX.length))) return bad(onlyWordCharacters);
  // No documented checksum (the kingfisher reading is UNCERTAIN, §1.1): prefix, length, charset only.
  return recognised('github', 'fine-grained', FINE_GRAINED_PREFIX, 'none');
}

function detectPrefixed(value: string, prefix: string, kind: GitHubTokenKind): Detection {
  const bad = (problem: string): Detection => misshapen('github', kind, prefix, problem);
  const body = value.slice(prefix.length);
  if (value.length < GITHUB_CHECKSUMMED_LENGTH) {
    return bad(
      `it is ${value.length} characters long instead of ${GITHUB_CHECKSUMMED_LENGTH} (${prefix} and 36 letters and digits)`,
    );
  }
  if (value.length === GITHUB_CHECKSUMMED_LENGTH) {
    if (!ALNUM.test(body))
      return bad('it contains characters other than letters and digits after the prefix');
    return recognised('github', kind, prefix, checksumState(isGitHubChecksumValid(value)));
  }
  // Longer than 40: a complete, checksum-valid token followed by more is a double paste or junk
  // stuck to the end, not a new longer format (a random match has a 1 in 2^32 chance).
  if (isGitHubChecksumValid(value.slice(0, GITHUB_CHECKSUMMED_LENGTH))) {
    return bad(
      `it has ${value.length - GITHUB_CHECKSUMMED_LENGTH} extra characters after a complete ${GITHUB_CHECKSUMMED_LENGTH}-character token (pasted twice?)`,
    );
  }
  if (kind === 'app-installation') return detectStateless(body);
  if (value.length > MAX_LENGTH) return bad(tooLong(value.length));
  if (!WORD.test(body)) return bad(onlyWordCharacters);
  // Longer forms (ghr_ + 76, or formats GitHub grows into up to 255) have no known checksum.
  return recognised('github', kind, prefix, 'none');
}

function detectStateless(body: string): Detection {
  if (!STATELESS_BODY.test(body)) {
    return misshapen(
      'github',
      'app-installation',
      'ghs_',
      'it contains characters other than letters, digits, ".", "_" and "-" after the prefix',
    );
  }
  // The JWT is GitHub-internal and clients must not rely on its contents (kingfisher #359): no check.
  return recognised('github', 'app-installation', 'ghs_', 'none');
}

const onlyWordCharacters = 'it contains characters other than letters, digits and "_" after the prefix';

function tooLong(length: number): string {
  return `it is ${length} characters long; GitHub tokens are at most ${MAX_LENGTH}`;
}
