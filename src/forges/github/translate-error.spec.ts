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
      'insufficient_scope',
    ],
    [
      '403 app token lacks permission',
      answered(403, { message: 'Resource not accessible by integration' }),
      'insufficient_scope',
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
