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
 * Bitbucket Cloud git over HTTPS (forges.md §3.1, §3.3, §3.5):
 * - API tokens: username = the Bitbucket username or `x-bitbucket-api-token-auth` (not the email);
 *   access tokens: username `x-token-auth`; app passwords: the Bitbucket username, and only
 *   before their removal date (brownout windows are not imitated here);
 * - bad credentials: 401 "Invalid credentials" (Atlassian KB "remote: Invalid credentials");
 * - anonymous: public repositories may be fetched, anything else asks for credentials (401);
 * - a private repository the caller may not see: 404 with Bitbucket's "You may not have access…"
 *   text (UNCERTAIN: the forge has been seen answering 401 with it);
 * - reading needs `read:repository:bitbucket` (API tokens) or `repository` (classic scopes);
 *   pushing needs `read:…` AND `write:repository:bitbucket` (API-token scopes imply nothing) or
 *   `repository:write`, and a collaborator login. Refusal texts for pushes are UNCERTAIN.
 */
const REALM = { 'www-authenticate': 'Basic realm="Bitbucket.org HTTP"' };
const NOT_FOUND =
  'You may not have access to this repository or it no longer exists in this workspace. If you think ' +
  'this repository exists and you have access, make sure you are authenticated.';
const LACKS_SCOPES = 'Your credentials lack one or more required privilege scopes.';

/** Classic scopes: write implies read; `pullrequest` implies `repository`, its write `repository:write`. */
const CLASSIC_IMPLIES: Record<string, readonly string[]> = {
  'repository:write': ['repository'],
  pullrequest: ['repository'],
  'pullrequest:write': ['pullrequest', 'repository:write', 'repository'],
};

function classicScopes(record: TokenRecord): Set<string> {
  return new Set(record.scopes.flatMap((scope) => [scope, ...(CLASSIC_IMPLIES[scope] ?? [])]));
}

function presentedRecord(request: GitAccessRequest): TokenRecord | undefined {
  const { username, password } = request.credentials!;
  const record = request.state.tokens.find('bitbucket', password);
  if (!record || username === '') return undefined;
  if (username === 'x-token-auth') return record.kind === 'access_token' ? record : undefined;
  if (username === 'x-bitbucket-api-token-auth') return record.kind === 'api_token' ? record : undefined;
  const ownName = username.toLowerCase() === record.login.toLowerCase();
  return ownName && (record.kind === 'api_token' || record.kind === 'app_password') ? record : undefined;
}

function usable(request: GitAccessRequest, record: TokenRecord, now: number): boolean {
  if (isRevoked(record) || isExpired(record, now)) return false;
  if (record.kind === 'app_password') {
    const removal = Date.parse(`${request.state.config.bitbucket.appPasswordRemovalDate}T00:00:00Z`);
    if (now >= removal) return false;
  }
  return (
    record.kind === 'access_token' || request.state.accounts.get('bitbucket', record.login) !== undefined
  );
}

function hasScopes(record: TokenRecord, operation: 'read' | 'write'): boolean {
  if (record.kind === 'api_token') {
    const needed = [
      'read:repository:bitbucket',
      ...(operation === 'write' ? ['write:repository:bitbucket'] : []),
    ];
    return needed.every((scope) => record.scopes.includes(scope));
  }
  return classicScopes(record).has(operation === 'write' ? 'repository:write' : 'repository');
}

export const bitbucketGitAccess: GitAccessRule = (request) => {
  const { repo, operation, state } = request;
  if (request.credentials === null) return anonymousAccess(request, REALM);
  const record = presentedRecord(request);
  const now = state.clock.nowMs();
  if (!record || !usable(request, record, now)) return refuse(401, 'Invalid credentials', REALM);
  record.lastUsedAtMs = now;
  const member = repo !== undefined && isCollaborator(repo, record.login);
  if (!repo || (repo.private && !member)) return refuse(404, NOT_FOUND);
  if (!hasScopes(record, operation)) return refuse(403, LACKS_SCOPES);
  if (operation === 'write' && !member) {
    return refuse(403, `You do not have write access to ${repo.fullName}.`);
  }
  return allow(record.login, record);
};
