import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../domain/errors/catalogue.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { answered, failed, rateLimited } from '../http/testing/outcomes.js';
import type { HttpOutcome } from '../http/types.js';
import { type BitbucketOperation, translateBitbucketError } from './translate-error.js';

const INVALID = {
  type: 'error',
  error: { message: 'Token is invalid, expired, or not supported for this endpoint.' },
};
const SCOPES = {
  type: 'error',
  error: {
    message: 'Your credentials lack one or more required privilege scopes.',
    detail: { granted: ['read:repository:bitbucket'], required: ['read:user:bitbucket'] },
  },
};

describe('translateBitbucketError (forges.md §3.4, §3.5)', () => {
  it.each<[string, HttpOutcome, TokenKind | undefined, ErrorCode]>([
    ['401 access token', answered(401, INVALID), 'access_token', 'bad_credentials'],
    ['401 api token', answered(401), 'api_token', 'bad_credentials'],
    ['401 app password', answered(401), 'app_password', 'app_password_removed'],
    ['403 missing scope', answered(403, SCOPES), 'api_token', 'insufficient_scope'],
    [
      '403 forbidden',
      answered(403, { type: 'error', error: { message: 'Forbidden' } }),
      'access_token',
      'insufficient_scope',
    ],
    [
      '429',
      rateLimited(429, {
        type: 'error',
        error: { message: 'Rate limit for this resource has been exceeded' },
      }),
      'api_token',
      'rate_limited',
    ],
    [
      '404',
      answered(404, { type: 'error', error: { message: 'Resource not found' } }),
      undefined,
      'not_found',
    ],
    ['503', answered(503), undefined, 'forge_unreachable'],
    [
      '200 HTML',
      answered(200, '<html></html>', { 'content-type': 'text/html' }),
      'api_token',
      'forge_unreachable',
    ],
    ['timeout', failed('timeout'), 'api_token', 'forge_unreachable'],
  ])('%s → %s', (_name, outcome, kind, code) => {
    expect(translateBitbucketError(outcome, { kind }).code).toBe(code);
  });

  it('tells an API-token user that the email must be the Atlassian account email', () => {
    expect(translateBitbucketError(answered(401), { kind: 'api_token' }).message).toMatch(
      /Atlassian account email/,
    );
  });

  it('names required and granted scopes of a refusal', () => {
    expect(translateBitbucketError(answered(403, SCOPES)).details).toMatchObject({
      requiredScopes: ['read:user:bitbucket'],
      grantedScopes: ['read:repository:bitbucket'],
    });
  });
});

describe('translateBitbucketError for repository operations (forges.md §3.8)', () => {
  const bb = (message: string) => ({ type: 'error', error: { message } });
  it.each<[string, HttpOutcome, BitbucketOperation, ErrorCode]>([
    [
      'taken slug',
      answered(400, bb('Repository with this Slug and Owner already exists.')),
      'createRepo',
      'repo_exists',
    ],
    ['other create 400', answered(400, bb('Invalid slug')), 'createRepo', 'repo_creation_failed'],
    ['parents not head', answered(409, bb('The parent is not the head')), 'commit', 'branch_moved'],
    ['409 elsewhere', answered(409, bb('Conflict')), 'read', 'conflict'],
    [
      'duplicate PR',
      answered(400, bb('There is already an open pull request from a to b.')),
      'pullRequest',
      'pull_request_exists',
    ],
    ['no changes', answered(400, bb('There are no changes to be pulled')), 'pullRequest', 'invalid_input'],
    [
      'restriction',
      answered(403, bb('Branch restrictions prevent you from committing to "main".')),
      'commit',
      'branch_protected',
    ],
    ['404', answered(404, bb('You may not have access to this repository')), 'read', 'not_found'],
  ])('%s → %s', (_name, outcome, operation, code) => {
    expect(translateBitbucketError(outcome, { kind: 'api_token', operation }).code).toBe(code);
  });

  it('names the missing scopes (required minus granted) in details and remediation', () => {
    const body = {
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: {
          granted: ['read:repository:bitbucket'],
          required: ['write:repository:bitbucket', 'read:repository:bitbucket'],
        },
      },
    };
    const error = translateBitbucketError(answered(403, body), { kind: 'api_token', operation: 'commit' });
    expect(error.details).toMatchObject({ missingScopes: ['write:repository:bitbucket'] });
    expect(error.remediation).toContain('write:repository:bitbucket');
    expect(error.remediation).toContain('id.atlassian.com');
    const classic = translateBitbucketError(answered(403, body), {
      kind: 'access_token',
      operation: 'commit',
    });
    expect(classic.remediation).toContain('Access tokens');
  });
});
