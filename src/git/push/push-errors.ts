import { type FkError, fkError } from '../../domain/errors/error.js';
import type { CredentialStats } from './credential-server.js';

/** What a git command that talked to the remote left behind; texts are already scrubbed of the token. */
export interface RemoteFailure {
  step: 'ls-remote' | 'push';
  stderr: string;
  /** `push --porcelain` stdout (`<flag>\t<from>:<to>\t<summary>` lines); empty for ls-remote. */
  porcelain: string;
  credentials: CredentialStats;
}

/** git's message is kept in the details, shortened: a remote can send pages of text. */
const MAX_GIT_MESSAGE = 4000;

const WORKFLOW = /refusing to allow an? [^\n]*? to create or update workflow/i;
/**
 * GitHub `GH006: Protected branch update failed`, GitLab `You are not allowed to push code to
 * protected branches` / `… force push code to a protected branch`, Bitbucket branch restrictions.
 */
const PROTECTED =
  /GH006|protected branch|not allowed to (?:force )?push code to (?:a )?protected branch|branch (?:is )?(?:protected|restricted)|Branch restriction|pushes? to this branch (?:is|are) (?:not allowed|restricted)/i;
const AUTH_FAILED =
  /Authentication failed|Invalid username or token|HTTP Basic: Access denied|returned error: 401|Invalid credentials/i;
const NO_PROMPT = /could not read (?:Username|Password)|terminal prompts disabled/i;
const FORBIDDEN =
  /returned error: 403|Permission to \S+ denied|not allowed to push|You are not permitted|HTTP 403/i;
const NOT_FOUND =
  /Repository not found|repository '[^']*' not found|could not be found|does not appear to be a git repository|returned error: 404/i;
const RATE_LIMITED = /returned error: 429|HTTP 429/i;
const UNREACHABLE =
  /Could not resolve host|Failed to connect|Connection refused|Connection timed out|Operation timed out|Empty reply from server|Recv failure|SSL certificate problem|returned error: 5\d\d|HTTP 5\d\d/i;

/**
 * Translates a failed `ls-remote` or `push` into one catalogue code (DESIGN.md "Errors are data").
 * The order matters: GitHub sends its workflow and protected-branch texts with a generic rejection,
 * and GitLab's `HTTP Basic: Access denied` is an authentication failure, not a 403 (forges.md §1.4,
 * §2.4). git's own words stay in `details.gitMessage`.
 */
export function mapRemoteFailure(failure: RemoteFailure): FkError {
  const text = `${failure.stderr}\n${failure.porcelain}`;
  const details = { step: failure.step, gitMessage: shorten(failure.stderr) };
  const rejections = rejectedRefs(failure.porcelain);
  if (WORKFLOW.test(text)) return fkError('workflow_scope_required', { details });
  if (PROTECTED.test(text)) return fkError('branch_protected', { details });
  if (rejections.some((reason) => reason.includes('stale info'))) {
    return fkError('branch_moved', {
      message:
        'The remote branch moved after Forgekeeper read it; the forced push was refused and nothing was overwritten.',
      remediation:
        'Look at what was pushed to the branch meanwhile, then push again (with force if you still want to replace it).',
      details,
    });
  }
  if (rejections.some((reason) => /non-fast-forward|fetch first|already exists/.test(reason))) {
    return fkError('push_rejected', { details });
  }
  if (failure.credentials.rejected > 0 || AUTH_FAILED.test(text)) {
    return fkError('bad_credentials', {
      message:
        'The forge rejected the token for git over HTTPS (Authentication failed): it is wrong, expired or revoked.',
      details,
    });
  }
  if (NO_PROMPT.test(text)) return noCredentials(failure, details);
  if (FORBIDDEN.test(text)) {
    return fkError('insufficient_scope', {
      message: 'The forge refused the push (403): the token may not write to this repository.',
      remediation:
        'Give the token write access — GitHub: classic scope repo (or public_repo), fine-grained Contents: Read and write on this repository; GitLab: write_repository; Bitbucket: read:repository:bitbucket and write:repository:bitbucket — and check that the account may push to the repository.',
      details,
    });
  }
  if (NOT_FOUND.test(text)) {
    return fkError('not_found', {
      message: 'The forge says the repository does not exist, or the token cannot see it.',
      remediation:
        'Check the owner and name in the URL. Forges answer "not found" for private repositories a token may not read: check that the token can read it.',
      details,
    });
  }
  if (RATE_LIMITED.test(text)) return fkError('rate_limited', { details });
  if (UNREACHABLE.test(text)) return fkError('forge_unreachable', { details });
  return gitFailure(failure.step, failure.stderr);
}

/** Any other failure of git: `git_failed` with git's message. */
export function gitFailure(step: string, stderr: string): FkError {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(?:fatal|error|remote):/.test(line));
  const summary = (lines.length > 0 ? lines : [stderr.trim()]).join(' ').slice(0, 500);
  return fkError('git_failed', {
    message: `git ${step} failed${summary === '' ? '.' : `: ${summary}`}`,
    details: { step, gitMessage: shorten(stderr) },
  });
}

function noCredentials(failure: RemoteFailure, details: Record<string, unknown>): FkError {
  const redirected = failure.credentials.refused > 0;
  return fkError('git_failed', {
    message: redirected
      ? 'git asked for credentials for another host than the remote (a redirect?); the token was not given.'
      : 'git asked for credentials and got none.',
    remediation: "Use the URL the repository is really served from (the forge's clone URL), then retry.",
    details,
  });
}

/** The reasons of `!` (rejected) lines of `push --porcelain`, e.g. `[rejected] (non-fast-forward)`. */
function rejectedRefs(porcelain: string): string[] {
  return porcelain
    .split('\n')
    .filter((line) => line.startsWith('!'))
    .map((line) => line.split('\t')[2] ?? '');
}

function shorten(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= MAX_GIT_MESSAGE ? trimmed : `${trimmed.slice(0, MAX_GIT_MESSAGE)}…`;
}
