import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../domain/errors/catalogue.js';
import { answered, failed, rateLimited } from '../http/testing/outcomes.js';
import type { HttpOutcome } from '../http/types.js';
import { translateGitLabError } from './translate-error.js';

const EXPIRED = {
  error: 'invalid_token',
  error_description: 'Token is expired. You can either do re-authorization or token refresh.',
};
const REVOKED = {
  error: 'invalid_token',
  error_description: 'Token was revoked. You have to re-authorize from the user.',
};
const SCOPE = {
  error: 'insufficient_scope',
  error_description: 'The request requires higher privileges than provided by the access token.',
  scope: 'api',
};

describe('translateGitLabError (forges.md §2.4)', () => {
  it.each<[string, HttpOutcome, ErrorCode]>([
    [
      '401 expired',
      answered(401, EXPIRED, { 'WWW-Authenticate': 'Bearer realm="", error="invalid_token"' }),
      'token_expired',
    ],
    ['401 revoked', answered(401, REVOKED), 'token_revoked'],
    ['401 generic', answered(401, { message: '401 Unauthorized' }), 'bad_credentials'],
    [
      '401 OAuth path',
      answered(401, { error: 'invalid_token', error_description: 'Bad Access Token.' }),
      'bad_credentials',
    ],
    [
      '401 impersonation disabled',
      answered(401, {
        error: 'invalid_token',
        error_description: 'Token is an impersonation token but impersonation was disabled.',
      }),
      'bad_credentials',
    ],
    ['401 empty body', answered(401), 'bad_credentials'],
    ['403 insufficient_scope', answered(403, SCOPE), 'insufficient_scope'],
    ['403 forbidden', answered(403, { message: '403 Forbidden' }), 'insufficient_scope'],
    ['429 Retry later', rateLimited(429, 'Retry later', { 'Retry-After': '60' }), 'rate_limited'],
    ['404', answered(404, { message: '404 Project Not Found' }), 'not_found'],
    [
      '400 validation',
      answered(400, {
        message: { name: ["can contain only letters, digits, emoji, '_', '.', '+', dashes, or spaces."] },
      }),
      'invalid_input',
    ],
    [
      '400 name taken',
      answered(400, { message: { name: ['has already been taken'], path: ['has already been taken'] } }),
      'repo_exists',
    ],
    ['400 file exists', answered(400, { message: 'A file with this name already exists' }), 'invalid_input'],
    ['400 file missing', answered(400, { message: "A file with this name doesn't exist" }), 'invalid_input'],
    [
      '400 file changed',
      answered(400, { message: 'The file has changed since you started editing it: a.txt' }),
      'branch_moved',
    ],
    [
      '403 protected branch',
      answered(403, { message: '403 Forbidden - You are not allowed to push into this branch' }),
      'branch_protected',
    ],
    [
      '409 merge request exists',
      answered(409, { message: ['Another open merge request already exists for this source branch: !4'] }),
      'pull_request_exists',
    ],
    ['409 other conflict', answered(409, { message: 'Conflict' }), 'conflict'],
    ['500', answered(500, { message: '500 Internal Server Error' }), 'forge_unreachable'],
    [
      '502 HTML',
      answered(502, '<!DOCTYPE html><html>502</html>', { 'content-type': 'text/html' }),
      'forge_unreachable',
    ],
    ['200 HTML login page', answered(200, '<html>Sign in · GitLab</html>'), 'forge_unreachable'],
    ['refused', failed('refused', 'ECONNREFUSED'), 'forge_unreachable'],
    ['dns', failed('dns', 'ENOTFOUND'), 'forge_unreachable'],
  ])('%s → %s', (_name, outcome, code) => {
    expect(translateGitLabError(outcome).code).toBe(code);
  });

  it('names the needed scope, string or list', () => {
    expect(translateGitLabError(answered(403, SCOPE)).details).toMatchObject({ requiredScopes: ['api'] });
    const listed = translateGitLabError(answered(403, { ...SCOPE, scope: ['api', 'read_api'] }));
    expect(listed.details).toMatchObject({ requiredScopes: ['api', 'read_api'] });
    expect(listed.message).toContain('api or read_api');
  });

  it('keeps GitLab’s words for a refused commit and the number of an existing merge request', () => {
    const missing = translateGitLabError(answered(400, { message: "A file with this name doesn't exist" }));
    expect(missing.message).toContain("A file with this name doesn't exist");
    const exists = translateGitLabError(
      answered(409, { message: ['Another open merge request already exists for this source branch: !4'] }),
    );
    expect(exists.details).toMatchObject({ number: 4 });
    const scope = translateGitLabError(answered(403, SCOPE));
    expect(scope.remediation).toContain('api scope');
  });

  it('keeps the plain-text 429 body as a hint and the retry time', () => {
    const error = translateGitLabError(rateLimited(429, 'Retry later'));
    expect(error.details).toMatchObject({
      forge: 'gitlab',
      status: 429,
      retryAt: '2026-05-01T12:01:00.000Z',
      forgeMessage: 'Retry later',
    });
  });
});
