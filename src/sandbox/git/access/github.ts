import { expandGitHubScope } from '../../github/scopes.js';
import { isExpired, isRevoked, type TokenRecord, unusedFor } from '../../tokens.js';
import {
  allow,
  anonymousAccess,
  type GitAccessRequest,
  type GitAccessRule,
  isCollaborator,
  refuse,
} from './types.js';

/**
 * GitHub git over HTTPS (forges.md §1.4, §1.5, §1.9):
 * - the token is the Basic password, the username anything non-empty; a classic token may also be
 *   the username with an empty or `x-oauth-basic` password (fine-grained tokens may not);
 * - unknown, expired, revoked and year-unused tokens: 401 "Invalid username or token…";
 * - anonymous: public repositories may be fetched, anything else asks for credentials (401);
 * - a private repository the token cannot read is "Repository not found." (404): classic tokens
 *   need `repo`, fine-grained ones `contents` read or write, and the login must be a collaborator;
 * - pushing needs `repo` (`public_repo` for a public repository) or `contents: write`, and a
 *   collaborator login, else 403 "Permission to OWNER/REPO.git denied to LOGIN.";
 * - `.github/workflows/*` additionally needs `workflow` / `workflows: write` (checked per file by
 *   the pre-receive hook).
 */
const REALM = { 'www-authenticate': 'Basic realm="GitHub"' };
const BAD_TOKEN = 'Invalid username or token. Password authentication is not supported for Git operations.';

function scopesOf(record: TokenRecord): Set<string> {
  return new Set(record.scopes.flatMap(expandGitHubScope));
}

function presentedRecord(request: GitAccessRequest): TokenRecord | undefined {
  const { username, password } = request.credentials!;
  const { tokens } = request.state;
  if (username === '') return undefined;
  if (password === '' || password === 'x-oauth-basic') {
    const record = tokens.find('github', username);
    return record?.kind === 'classic' ? record : undefined;
  }
  return tokens.find('github', password);
}

function canRead(record: TokenRecord, isPrivate: boolean): boolean {
  if (!isPrivate) return true;
  if (record.kind === 'classic') return scopesOf(record).has('repo');
  const contents = record.permissions?.contents;
  return contents === 'read' || contents === 'write' || contents === 'admin';
}

function canWrite(record: TokenRecord, isPrivate: boolean): boolean {
  if (record.kind === 'classic') {
    const scopes = scopesOf(record);
    return scopes.has('repo') || (!isPrivate && scopes.has('public_repo'));
  }
  const contents = record.permissions?.contents;
  return contents === 'write' || contents === 'admin';
}

function mayChangeWorkflows(record: TokenRecord): boolean {
  if (record.kind === 'classic') return scopesOf(record).has('workflow');
  const workflows = record.permissions?.workflows;
  return workflows === 'write' || workflows === 'admin';
}

export const githubGitAccess: GitAccessRule = (request) => {
  const { repo, operation, state } = request;
  if (request.credentials === null) return anonymousAccess(request, REALM);
  const record = presentedRecord(request);
  const now = state.clock.nowMs();
  if (
    !record ||
    isRevoked(record) ||
    isExpired(record, now) ||
    unusedFor(record, now, state.config.github.revokeUnusedAfterDays) ||
    !state.accounts.get('github', record.login)
  ) {
    return refuse(401, BAD_TOKEN, REALM);
  }
  record.lastUsedAtMs = now;
  const login = record.login;
  const member = repo !== undefined && isCollaborator(repo, login);
  if (!repo || (repo.private && (!member || !canRead(record, true)))) {
    return refuse(404, 'Repository not found.');
  }
  if (operation === 'write' && (!member || !canWrite(record, repo.private))) {
    return refuse(403, `Permission to ${repo.fullName}.git denied to ${login}.`);
  }
  return allow(login, record, mayChangeWorkflows(record) ? 'allow' : 'deny');
};
