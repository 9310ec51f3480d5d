import { type FkError, fkError } from '../errors/error.js';
import { FORGE_NAMES, type ForgeId } from '../forge.js';
import type { TokenKind } from '../token-kind.js';
import type { Detection } from './detection.js';
import { describeKind } from './token-labels.js';

/**
 * The errors of the offline checks. Messages and remediations are built from kinds, prefixes,
 * lengths and positions only: never from token text.
 */

/** Where a person creates the token we want instead (the forges' own token pages). */
const CREATE_TOKEN: Record<ForgeId, string> = {
  github:
    'Create a personal access token on GitHub: fine-grained at https://github.com/settings/personal-access-tokens/new or classic at https://github.com/settings/tokens/new.',
  gitlab:
    'Create a personal, project or group access token (it starts with glpat-) in GitLab under User settings → Access tokens (on GitLab.com: https://gitlab.com/-/user_settings/personal_access_tokens).',
  bitbucket:
    'Create an Atlassian API token with Bitbucket scopes at https://id.atlassian.com/manage-profile/security/api-tokens ("Create API token with scopes"), or a repository, project or workspace access token in Bitbucket.',
};

/** What each forge's tokens look like, for "does not look like any … token format". */
const EXPECTED_FORMATS: Record<ForgeId, string> = {
  github:
    'a fine-grained personal access token (github_pat_ and 82 more characters), a classic one (ghp_ and 36 letters and digits) or a pre-2021 token of 40 hexadecimal characters',
  gitlab:
    'a personal access token (glpat- and 20 characters, or a longer routable token), or one with the custom prefix your GitLab administrator set',
  bitbucket:
    'an Atlassian API token with scopes (ATATT3…, about 192 characters), a Bitbucket access token (ATCTT3…) or an app password (ATBB and 32 letters and digits)',
};

/** Details that say what was recognised: forge and kind names, never text. */
function detected(detection: Detection): Record<string, unknown> {
  return { detectedForge: detection.forge, detectedKind: detection.kind };
}

function describe(detection: Detection): string {
  return detection.kind === null ? 'a token' : describeKind(detection.kind, detection.prefix);
}

export function wrongForgeError(detection: Detection, chosen: ForgeId): FkError {
  const kind = detection.kind === null ? 'a token' : describeKind(detection.kind);
  const other = detection.forge === null ? 'another forge' : FORGE_NAMES[detection.forge];
  return fkError('wrong_forge', {
    message: `This looks like ${kind}, not a ${FORGE_NAMES[chosen]} token.`,
    remediation: `Choose ${other} as the forge, or paste a token created on ${FORGE_NAMES[chosen]}.`,
    details: detected(detection),
  });
}

export function checksumError(detection: Detection): FkError {
  return fkError('malformed_token', {
    message: `This looks like ${describe(detection)}, but its checksum does not match the rest of it, so it has a typo (a changed, missing or extra character) or it is a made-up token.`,
    remediation:
      'Copy the token again from where you saved it, in full. Tokens from documentation, examples or scanner reports are not real; if you no longer have the token, create a new one on the forge.',
    details: detected(detection),
  });
}

export function shapeError(detection: Detection): FkError {
  const problem = detection.problem ?? 'its length or characters are wrong';
  return fkError('malformed_token', {
    message: `This looks like ${describe(detection)}, but it is not well formed: ${problem}.`,
    details: detected(detection),
  });
}

export function appPasswordRemovedError(detection: Detection, removedAt: string): FkError {
  return fkError('app_password_removed', { details: { ...detected(detection), removedAt } });
}

/** Why each non-PAT GitHub kind cannot stand in for a PAT (forges.md §1.1). */
const GITHUB_WHY_NOT: Partial<Record<TokenKind, string>> = {
  oauth: 'an OAuth app obtained it on your behalf and it carries only what that app was granted',
  'app-user':
    'a GitHub App obtained it on your behalf; it expires after hours and acts only within what the App may do',
  'app-installation': 'it belongs to a GitHub App installation, not to a person, and expires after an hour',
  'app-refresh': 'a GitHub App uses it to obtain new user access tokens; it does not authenticate API calls',
};

export function unsupportedError(detection: Detection): FkError {
  const forge = detection.forge ?? 'github';
  const why = detection.kind === null ? undefined : GITHUB_WHY_NOT[detection.kind];
  const reason = why === undefined ? '' : `: ${why}`;
  return fkError('unsupported_token', {
    message: `This is ${describe(detection)}, not a personal access token${reason}.`,
    remediation: CREATE_TOKEN[forge],
    details: detected(detection),
  });
}

export function unknownFormatError(forge: ForgeId | undefined, length: number): FkError {
  if (forge === undefined) {
    return fkError('malformed_token', {
      message: `This token format is not recognised (${length} characters); choose the forge it was created on.`,
      remediation:
        'Choose GitHub, GitLab or Bitbucket. Tokens from a self-managed GitLab with a custom prefix are accepted once GitLab is chosen.',
      details: { length },
    });
  }
  return fkError('malformed_token', {
    message: `This does not look like any ${FORGE_NAMES[forge]} token format (${length} characters). Expected ${EXPECTED_FORMATS[forge]}.`,
    remediation: `Copy the token again, in full, from ${FORGE_NAMES[forge]}. ${CREATE_TOKEN[forge]}${forge === 'bitbucket' ? ' Older 24-character Atlassian API tokens without scopes do not work with Bitbucket.' : ''}`,
    details: { length, forge },
  });
}

export function tooShortForGitLabError(length: number, minimum: number): FkError {
  return fkError('malformed_token', {
    message: `This is too short for a GitLab token: ${length} characters, where even a custom-prefix personal access token has at least ${minimum}.`,
    remediation: `Copy the token again, in full. ${CREATE_TOKEN.gitlab}`,
    details: { length, forge: 'gitlab' },
  });
}
