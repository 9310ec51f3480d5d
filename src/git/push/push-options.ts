import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import type { Finding } from '../../domain/secret-scan/types.js';
import type { GitRunner } from '../run-git.js';

/** A commit's author and committer, for a plain directory. */
export interface GitAuthor {
  name: string;
  email: string;
}

export interface PushDirectoryOptions {
  /** A git repository (its work tree root, or a bare repository) or a plain directory. */
  dir: string;
  /** `https://host/owner/name.git`, without credentials (`http://` only to this machine). */
  remoteUrl: string;
  /** The git username the forge expects (forges.md §0: anything non-empty on GitHub and GitLab, `x-bitbucket-api-token-auth` for Bitbucket API tokens). */
  username: string;
  token: Secret;
  /** The remote branch to update; in a repository, also the local branch pushed if it exists (else HEAD). */
  branch: string;
  /** Replace the remote branch even when it is not an ancestor (`--force-with-lease` on what was read). */
  force?: boolean;
  /** Push even though the scan found secrets (test fixtures); the findings are returned. */
  allowSecrets?: boolean;
  /** For a plain directory's commit. */
  commitMessage?: string;
  /** For a plain directory's commit; defaults to Forgekeeper. */
  author?: GitAuthor;
  signal?: AbortSignal;
  /** How git is run; tests pass a recording wrapper. Defaults to the system git. */
  git?: GitRunner;
}

export interface PushResult {
  branch: string;
  /** The commit the remote branch now points to. */
  sha: string;
  remoteUrl: string;
  /** File versions (blobs) scanned: every file of a plain directory; for a repository, those in the commits after the remote branch's (its whole history for a new branch, or, when that scan found something, after every remote branch's). */
  filesScanned: number;
  /** Whether the remote branch was rewritten (a forced, non-fast-forward update). */
  forced: boolean;
  /** Secrets pushed anyway because `allowSecrets` was set (masked); empty otherwise. */
  allowedFindings: Finding[];
}

export const DEFAULT_AUTHOR: GitAuthor = { name: 'Forgekeeper', email: 'forgekeeper@localhost' };
export const DEFAULT_MESSAGE = 'Push from Forgekeeper';

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;
/** Characters git's credential and identity formats cannot carry (forges.md §7: no NL or NUL in values). */
const LINE_BREAK_OR_NUL = /[\r\n\0]/;
/** The rules of `git check-ref-format --branch`, for a branch name given by a caller. */
const BAD_BRANCH = /(?:^[-/.]|\.\.|\/\/|@\{|[/.]$|\.lock$|\/\.|[ ~^:?*[\\])/;

function isBadBranch(branch: string): boolean {
  if (branch === '' || BAD_BRANCH.test(branch)) return true;
  // Control characters and DEL, which no ref may hold.
  return [...branch].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/** Checks the options without I/O; returns the parsed remote URL. */
export function checkPushOptions(options: PushDirectoryOptions): Result<URL, FkError> {
  let url: URL;
  try {
    url = new URL(options.remoteUrl);
  } catch {
    return invalid('The remote URL is not a valid URL.', 'remoteUrl');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return invalid('Pushing works over HTTPS only (https://host/owner/name.git).', 'remoteUrl');
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    return invalid(
      'Plain http:// would send the token unencrypted; use https:// (http:// only to this machine).',
      'remoteUrl',
    );
  }
  if (url.username !== '' || url.password !== '') {
    // A URL with credentials ends up in logs and configuration files (forges.md §1.9).
    return invalid('The remote URL must not contain a username or token; pass them separately.', 'remoteUrl');
  }
  if (options.username === '' || LINE_BREAK_OR_NUL.test(options.username)) {
    return invalid('The git username must be non-empty and on one line.', 'username');
  }
  const token = options.token.reveal();
  if (token === '' || LINE_BREAK_OR_NUL.test(token)) {
    return invalid('The token is empty or contains a line break.', 'token');
  }
  if (isBadBranch(options.branch)) {
    return invalid(`"${options.branch}" is not a valid branch name.`, 'branch');
  }
  const author = options.author;
  if (
    author &&
    (LINE_BREAK_OR_NUL.test(author.name + author.email) || /[<>]/.test(author.name + author.email))
  ) {
    return invalid('The author name and email must be on one line and contain no "<" or ">".', 'author');
  }
  return ok(url);
}

function invalid(message: string, field: string): Result<never, FkError> {
  return err(fkError('invalid_input', { message, details: { field } }));
}
