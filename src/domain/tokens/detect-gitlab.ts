import type { GitLabTokenKind } from '../token-kind.js';
import { type Detection, misshapen, recognised } from './detection.js';
import { checkGitLabRoutable } from './gitlab-checksum.js';

/**
 * GitLab's token prefixes (forges.md §2.1, `doc/security/tokens/_index.md` "Token prefixes").
 * `glrtr-` is listed before `glrt-` for readability only: the dash keeps them from overlapping.
 * `GR1348941` is the legacy runner registration token (same table), reported as a runner token.
 */
const PREFIXED_KINDS: ReadonlyArray<readonly [string, GitLabTokenKind]> = [
  ['glpat-', 'personal'],
  ['gloas-', 'oauth-secret'],
  ['gldt-', 'deploy'],
  ['glrtr-', 'runner'],
  ['glrt-', 'runner'],
  ['glcbt-', 'ci-job'],
  ['glptt-', 'trigger'],
  ['glft-', 'feed'],
  ['glimt-', 'incoming-mail'],
  ['glagent-', 'agent'],
  ['glwt-', 'workspace'],
  ['glsoat-', 'scim'],
  ['glffct-', 'feature-flags'],
  ['GR1348941', 'runner'],
];
const PAT_PREFIX = 'glpat-';
/** Legacy PAT: `glpat-` + 20 characters, no checksum (gitleaks `gitlab.go`, §2.1). */
const LEGACY_PAT = /^glpat-[0-9A-Za-z_-]{20}$/;
/**
 * Other kinds are not usable as PATs whatever their exact shape, so their check is loose: every
 * shape on record (trigger 40 hex, OAuth secret 64, agent 50, runner/deploy/feed 20+) has at least
 * 20 characters after the prefix; `.` allows routable and JWT-style forms.
 */
const MIN_OTHER_BODY = 20;
const MALFORMED_ROUTABLE =
  'it ends like a routable token (".", a 2-character length and a 7-character checksum) but what comes before is not a valid payload';
const OTHER_BODY = /^[0-9A-Za-z_.-]+$/;

/** Recognises GitLab formats by prefix; null when none matches (see `detectCustomPrefixRoutable`). */
export function detectGitLab(value: string): Detection | null {
  const entry = PREFIXED_KINDS.find(([prefix]) => value.startsWith(prefix));
  if (entry === undefined) return null;
  const [prefix, kind] = entry;
  // Routable tokens come from one generator for every kind, so the CRC applies to all prefixes.
  const routable = checkGitLabRoutable(value, prefix);
  if (routable === 'valid' || routable === 'invalid') return recognised('gitlab', kind, prefix, routable);
  if (routable === 'malformed') return misshapen('gitlab', kind, prefix, MALFORMED_ROUTABLE);
  if (kind === 'personal') return detectLegacyPat(value);
  return detectOther(value, prefix, kind);
}

/**
 * A routable token behind a self-managed custom PAT prefix (§2.10): only the PAT prefix can be
 * customised, and a CRC matches by chance once in 2^32, so a valid one is a GitLab PAT. An invalid one proves nothing here (it may be another format altogether); callers who know
 * the forge is GitLab check `checkGitLabRoutable(value, null)` themselves.
 */
export function detectCustomPrefixRoutable(value: string): Detection | null {
  if (checkGitLabRoutable(value, null) !== 'valid') return null;
  return recognised('gitlab', 'personal', null, 'valid');
}

function detectLegacyPat(value: string): Detection {
  if (LEGACY_PAT.test(value)) return recognised('gitlab', 'personal', PAT_PREFIX, 'none');
  return misshapen(
    'gitlab',
    'personal',
    PAT_PREFIX,
    `it is ${value.length} characters long and has neither form: ${PAT_PREFIX} and 20 letters, digits, "_" or "-" (26 in all), or a routable token ending in ".", a 2-character length and a 7-character checksum`,
  );
}

function detectOther(value: string, prefix: string, kind: GitLabTokenKind): Detection {
  const body = value.slice(prefix.length);
  if (body.length < MIN_OTHER_BODY) {
    return misshapen(
      'gitlab',
      kind,
      prefix,
      `it has ${body.length} characters after the prefix; these tokens have at least ${MIN_OTHER_BODY}`,
    );
  }
  if (!OTHER_BODY.test(body)) {
    return misshapen(
      'gitlab',
      kind,
      prefix,
      'it contains characters other than letters, digits, ".", "_" and "-" after the prefix',
    );
  }
  return recognised('gitlab', kind, prefix, 'none');
}
