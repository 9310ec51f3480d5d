import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../domain/errors/catalogue.js';
import { answered, failed, rateLimited } from '../http/testing/outcomes.js';
import type { HttpOutcome } from '../http/types.js';
import { translateGitHubError } from './translate-error.js';

const BAD = { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' };
const FGP = { message: 'Resource not accessible by personal access token', status: '403' };

describe('translateGitHubError (forges.md §1.4)', () => {
  it.each<[string, HttpOutcome, ErrorCode]>([
    ['401 Bad credentials', answered(401, BAD), 'bad_credentials'],
    ['401 with an old body', answered(401, { message: 'Bad credentials' }), 'bad_credentials'],
    [
      '403 SSO',
      answered(
        403,
        { message: 'Resource protected by organization SAML enforcement.' },
        { 'X-GitHub-SSO': 'required; url=https://github.com/orgs/a/sso?x=1' },
      ),
      'sso_required',
    ],
    [
      '403 fine-grained lacks permission',
      answered(403, FGP, { 'X-Accepted-GitHub-Permissions': 'contents=write' }),
      'resource_not_accessible',
    ],
    [
      '403 app token lacks permission',
      answered(403, { message: 'Resource not accessible by integration' }),
      'resource_not_accessible',
    ],
    [
      'rate limit (primary)',
      rateLimited(
        403,
        { message: 'API rate limit exceeded for user ID 123.' },
        { 'x-ratelimit-remaining': '0' },
      ),
      'rate_limited',
    ],
    [
      'rate limit (secondary 429)',
      rateLimited(429, { message: 'You have exceeded a secondary rate limit.' }),
      'rate_limited',
    ],
    [
      'failed-login limit',
      rateLimited(403, { message: 'Maximum number of login attempts exceeded. Please try again later.' }),
      'rate_limited',
    ],
    ['404', answered(404, { message: 'Not Found' }), 'not_found'],
    [
      '403 classic without a scope',
      answered(403, { message: 'Forbidden' }, { 'X-Accepted-OAuth-Scopes': 'repo' }),
      'insufficient_scope',
    ],
    [
      '422 taken name',
      answered(422, {
        message: 'Repository creation failed.',
        errors: [
          {
            resource: 'Repository',
            code: 'custom',
            field: 'name',
            message: 'name already exists on this account',
          },
        ],
      }),
      'repo_exists',
    ],
    [
      '422 creation refused',
      answered(422, {
        message: 'Repository creation failed.',
        errors: [{ code: 'custom', field: 'name', message: 'name is too long' }],
      }),
      'repo_creation_failed',
    ],
    ['409 empty repository', answered(409, { message: 'Git Repository is empty.' }), 'repo_empty'],
    ['422 not a fast forward', answered(422, { message: 'Update is not a fast forward' }), 'branch_moved'],
    [
      '422 protected branch',
      answered(422, { message: 'Protected branch update failed for refs/heads/main.' }),
      'branch_protected',
    ],
    [
      '422 duplicate pull request',
      answered(422, {
        message: 'Validation Failed',
        errors: [{ code: 'custom', message: 'A pull request already exists for octo:f.' }],
      }),
      'pull_request_exists',
    ],
    [
      '422 other validation',
      answered(422, { message: 'Validation Failed', errors: [{ code: 'missing_field', field: 'title' }] }),
      'invalid_input',
    ],
    [
      '404 workflow refusal (tree API)',
      answered(404, {
        message:
          'refusing to allow a Personal Access Token to create or update workflow `.github/workflows/a.yml` without `workflow` scope',
      }),
      'workflow_scope_required',
    ],
    [
      '403 fine-grained without Workflows',
      answered(403, FGP, { 'X-Accepted-GitHub-Permissions': 'contents=write,workflows=write' }),
      'workflow_scope_required',
    ],
    ['500', answered(500, { message: 'Server Error' }), 'forge_unreachable'],
    [
      '502 HTML',
      answered(502, '<html><body>Unicorn!</body></html>', { 'content-type': 'text/html' }),
      'forge_unreachable',
    ],
    [
      '401 HTML from a proxy',
      answered(401, '<html>Sign in</html>', { 'content-type': 'text/html' }),
      'forge_unreachable',
    ],
    ['200 garbage', answered(200, 'garbage{'), 'forge_unreachable'],
    ['301 redirect', answered(301, '', { location: 'https://ghe.example/api/v3/user' }), 'forge_unreachable'],
    ['timeout', failed('timeout'), 'forge_unreachable'],
    ['reset', failed('reset', 'ECONNRESET'), 'forge_unreachable'],
  ])('%s → %s', (_name, outcome, code) => {
    expect(translateGitHubError(outcome).code).toBe(code);
  });

  it('names the missing scopes of a classic token on a 404', () => {
    const error = translateGitHubError(
      answered(
        404,
        { message: 'Not Found' },
        { 'X-Accepted-OAuth-Scopes': 'public_repo, repo', 'X-OAuth-Scopes': 'gist' },
      ),
    );
    expect(error.details).toMatchObject({ missingScopes: ['public_repo', 'repo'] });
    const granted = translateGitHubError(
      answered(
        404,
        { message: 'Not Found' },
        { 'X-Accepted-OAuth-Scopes': 'public_repo, repo', 'X-OAuth-Scopes': 'repo' },
      ),
    );
    expect(granted.details).not.toHaveProperty('missingScopes');
  });

  it('does not pretend to know expired from revoked on 401', () => {
    const error = translateGitHubError(answered(401, BAD));
    expect(error.message).toMatch(/same answer for a wrong, an expired and a revoked token/);
    expect(error.details).toMatchObject({ forge: 'github', status: 401, forgeMessage: 'Bad credentials' });
  });

  it('puts the SSO authorize URL in the details', () => {
    const outcome = answered(403, {}, { 'x-github-sso': 'required; url=https://github.com/orgs/a/sso?x=1' });
    expect(translateGitHubError(outcome).details).toMatchObject({
      authorizeUrl: 'https://github.com/orgs/a/sso?x=1',
    });
  });

  it('parses the accepted permissions and scopes of a refusal', () => {
    const outcome = answered(403, FGP, {
      'X-Accepted-GitHub-Permissions': 'pull_requests=write,contents=read; issues=write',
      'X-Accepted-OAuth-Scopes': 'repo, public_repo',
      'X-OAuth-Scopes': 'read:user',
    });
    expect(translateGitHubError(outcome).details).toMatchObject({
      acceptedPermissions: [{ pull_requests: 'write', contents: 'read' }, { issues: 'write' }],
      acceptedScopes: ['repo', 'public_repo'],
      grantedScopes: ['read:user'],
    });
  });

  it('says the failed-login limit is about the account, not this token, with a retry time', () => {
    const error = translateGitHubError(
      rateLimited(403, { message: 'Maximum number of login attempts exceeded.' }),
    );
    expect(error.details).toMatchObject({
      reason: 'failed_login_limit',
      retryAt: '2026-05-01T12:01:00.000Z',
    });
    expect(error.message).toMatch(/nothing is known about this token/);
  });
});
