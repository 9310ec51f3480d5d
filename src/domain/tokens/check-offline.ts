import type { FkError } from '../errors/error.js';
import type { ForgeId } from '../forge.js';
import { Secret } from '../secret.js';
import type { TokenKind } from '../token-kind.js';
import { cleanToken } from './clean-token.js';
import { detectToken } from './detect-token.js';
import { type ChecksumState, type Detection, recognised } from './detection.js';
import { checkGitLabRoutable } from './gitlab-checksum.js';
import {
  appPasswordRemovedError,
  checksumError,
  shapeError,
  tooShortForGitLabError,
  unknownFormatError,
  unsupportedError,
  wrongForgeError,
} from './offline-errors.js';

/** Bitbucket app passwords were removed on this day (forges.md §3.3). */
export const APP_PASSWORD_REMOVED_AT = '2026-07-28T00:00:00Z';
const APP_PASSWORD_REMOVED_MS = Date.parse(APP_PASSWORD_REMOVED_AT);
/** The shortest GitLab PAT is a custom prefix + 20 characters (§2.1), so nothing shorter is one. */
const MIN_GITLAB_TOKEN = 20;

/** Everything the offline checks learn about a pasted token, with the first blocking problem. */
export interface OfflineReport {
  /** The cleaned token wrapped in `Secret`; null when cleaning rejected the input. */
  secret: Secret | null;
  /** What cleaning removed, in plain words ("quotes", "a leading \"Bearer \""). */
  removed: string[];
  /** The forge recognised from the format (or the chosen GitLab for a custom-prefix PAT). */
  forge: ForgeId | null;
  kind: TokenKind | null;
  checksum: ChecksumState;
  /** The first blocking problem, null if none. Its texts never contain token text. */
  error: FkError | null;
}

export interface OfflineOptions {
  /** The forge the user chose, when they chose one. */
  forge?: ForgeId;
  /** The clock, for the app password removal date. */
  now?: Date;
}

type Verdict = Pick<OfflineReport, 'forge' | 'kind' | 'checksum' | 'error'>;

/**
 * Cleans, recognises and checks a pasted token without any I/O. Priority: cleaning, wrong forge,
 * checksum, shape, app password removal, kinds that are not personal access tokens, unknown formats.
 */
export function checkOffline(raw: string, options: OfflineOptions = {}): OfflineReport {
  const cleaned = cleanToken(raw);
  if (!cleaned.ok) {
    return { secret: null, removed: [], forge: null, kind: null, checksum: 'none', error: cleaned.error };
  }
  const { value, removed } = cleaned.value;
  return { secret: new Secret(value), removed, ...judge(value, detectToken(value), options) };
}

function judge(value: string, detection: Detection, options: OfflineOptions): Verdict {
  const chosen = options.forge;
  if (detection.forge === null) return judgeUnknown(value, chosen);
  // 40 lowercase hex is GitHub's pre-2021 format, but also a possible self-managed GitLab PAT with a
  // custom prefix (§2.10): the chosen forge decides.
  if (detection.kind === 'legacy' && chosen === 'gitlab') return accepted('gitlab', 'personal', 'none');
  const found = { forge: detection.forge, kind: detection.kind, checksum: detection.checksum };
  if (chosen !== undefined && detection.forge !== chosen) {
    return { ...found, error: wrongForgeError(detection, chosen) };
  }
  const error = blockingProblem(detection, options.now ?? new Date());
  return { ...found, error };
}

function blockingProblem(detection: Detection, now: Date): FkError | null {
  if (detection.checksum === 'invalid') return checksumError(detection);
  if (detection.shape === 'bad') return shapeError(detection);
  // App passwords are not in PERSONAL_KINDS, yet worked as PATs until their removal date (§3.3).
  if (detection.kind === 'app_password') {
    return now.getTime() >= APP_PASSWORD_REMOVED_MS
      ? appPasswordRemovedError(detection, APP_PASSWORD_REMOVED_AT)
      : null;
  }
  if (!detection.personal) return unsupportedError(detection);
  return null;
}

function judgeUnknown(value: string, chosen: ForgeId | undefined): Verdict {
  const none: Omit<Verdict, 'error'> = { forge: null, kind: null, checksum: 'none' };
  if (chosen !== 'gitlab') return { ...none, error: unknownFormatError(chosen, value.length) };
  if (value.length < MIN_GITLAB_TOKEN) {
    return { ...none, error: tooShortForGitLabError(value.length, MIN_GITLAB_TOKEN) };
  }
  // A self-managed PAT prefix can be anything (§2.10), but a routable token still carries its CRC.
  if (checkGitLabRoutable(value, null) === 'invalid') {
    const error = checksumError(recognised('gitlab', 'personal', null, 'invalid'));
    return { forge: 'gitlab', kind: 'personal', checksum: 'invalid', error };
  }
  return accepted('gitlab', 'personal', 'none');
}

function accepted(forge: ForgeId, kind: TokenKind, checksum: ChecksumState): Verdict {
  return { forge, kind, checksum, error: null };
}
