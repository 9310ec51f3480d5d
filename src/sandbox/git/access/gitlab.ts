import { MINUTE_MS } from '../../clock.js';
import { isExpired, isRevoked, type TokenRecord } from '../../tokens.js';
import {
  allow,
  anonymousAccess,
  type GitAccessRequest,
  type GitAccessRule,
  isCollaborator,
  refuse,
} from './types.js';

/**
 * GitLab git over HTTPS (forges.md §2.4, §2.5, §2.9):
 * - any non-empty username, the PAT as the password (the username is ignored);
 * - a token that is unknown, expired, revoked or without a git scope (`read_repository`,
 *   `write_repository` or `api`) fails authentication: 401 "HTTP Basic: Access denied…";
 * - anonymous: public projects may be fetched, anything else (internal and private) asks for
 *   credentials (401);
 * - a private project the user is not a member of: 404, GitLab's "could not be found" text;
 * - pushing needs `write_repository` or `api` and membership, else 403 "You are not allowed to
 *   push code to this project.".
 */
const REALM = { 'www-authenticate': 'Basic realm="GitLab"' };
const READ_SCOPES = ['read_repository', 'write_repository', 'api'];
const WRITE_SCOPES = ['write_repository', 'api'];
const NOT_FOUND =
  "The project you were looking for could not be found or you don't have permission to view it.";

function accessDenied(request: GitAccessRequest): string {
  const web = request.state.urls?.gitlab.web ?? 'https://gitlab.com';
  return (
    'HTTP Basic: Access denied. If a password was provided for Git authentication, the password was ' +
    "incorrect or you're required to use a token instead of a password. If a token was provided, it " +
    `was either incorrect, expired, or improperly scoped. See ${web}/help/topics/git/troubleshooting_git.md#error-on-git-fetch-http-basic-access-denied`
  );
}

/** `last_used_at` moves at most every N minutes (forges.md §2.3), as the API marks it. */
function markUsed(request: GitAccessRequest, record: TokenRecord, now: number): void {
  const refreshMs = request.state.config.gitlab.lastUsedRefreshMinutes * MINUTE_MS;
  if (record.lastUsedAtMs === null || now - record.lastUsedAtMs >= refreshMs) {
    record.lastUsedAtMs = now;
    record.lastUsedIps = [request.ip];
  }
}

const hasAny = (record: TokenRecord, scopes: string[]) =>
  scopes.some((scope) => record.scopes.includes(scope));

export const gitlabGitAccess: GitAccessRule = (request) => {
  const { repo, operation, state } = request;
  if (request.credentials === null) return anonymousAccess(request, REALM);
  const { username, password } = request.credentials;
  const record = username === '' ? undefined : state.tokens.find('gitlab', password);
  const now = state.clock.nowMs();
  if (
    !record ||
    isRevoked(record) ||
    isExpired(record, now) ||
    !hasAny(record, READ_SCOPES) ||
    !state.accounts.get('gitlab', record.login)
  ) {
    return refuse(401, accessDenied(request), REALM);
  }
  markUsed(request, record, now);
  const member = repo !== undefined && isCollaborator(repo, record.login);
  if (!repo || (repo.private && !member)) return refuse(404, NOT_FOUND);
  if (operation === 'write' && (!member || !hasAny(record, WRITE_SCOPES))) {
    return refuse(403, 'You are not allowed to push code to this project.');
  }
  return allow(record.login, record);
};
