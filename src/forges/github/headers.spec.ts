import { describe, expect, it } from 'vitest';
import {
  parseAcceptedPermissions,
  parseOAuthScopes,
  parseSsoRequired,
  parseTokenExpiration,
} from './headers.js';

describe('parseOAuthScopes (X-OAuth-Scopes, forges.md §1.3)', () => {
  it.each<[string | null, string[] | null]>([
    ['repo, user', ['repo', 'user']],
    ['repo,workflow , read:org', ['repo', 'workflow', 'read:org']],
    ['', []],
    ['  ', []],
    [null, null],
  ])('%j → %j', (value, expected) => {
    expect(parseOAuthScopes(value)).toEqual(expected);
  });
});

describe('parseTokenExpiration (github-authentication-token-expiration)', () => {
  it.each<[string | null, string | null]>([
    ['2021-10-07 19:07:53 UTC', '2021-10-07T19:07:53.000Z'],
    ['2027-03-31 00:00:00 +0900', '2027-03-30T15:00:00.000Z'],
    ['2027-03-31 00:00:00 -05:30', '2027-03-31T05:30:00.000Z'],
    ['2027-03-31T00:00:00Z', '2027-03-31T00:00:00.000Z'],
    ['2027-03-31 00:00:00', '2027-03-31T00:00:00.000Z'],
    ['next tuesday', null],
    [null, null],
  ])('%j → %j', (value, expected) => {
    expect(parseTokenExpiration(value)).toBe(expected);
  });
});

describe('parseAcceptedPermissions (X-Accepted-GitHub-Permissions)', () => {
  it('splits alternatives on ";" and requirements on ","', () => {
    expect(
      parseAcceptedPermissions('pull_requests=write,contents=read; organization_projects=admin'),
    ).toEqual([{ pull_requests: 'write', contents: 'read' }, { organization_projects: 'admin' }]);
  });
  it.each([null, '', ' ; '])('%j → []', (value) => {
    expect(parseAcceptedPermissions(value)).toEqual([]);
  });
});

describe('parseSsoRequired (X-GitHub-SSO)', () => {
  it('reads the authorize URL of a "required" hint', () => {
    expect(
      parseSsoRequired('required; url=https://github.com/orgs/acme/sso?authorization_request=abc'),
    ).toEqual({
      authorizeUrl: 'https://github.com/orgs/acme/sso?authorization_request=abc',
    });
  });
  it('ignores partial-results and absence', () => {
    expect(parseSsoRequired('partial-results; organizations=21955855,20582480')).toBeNull();
    expect(parseSsoRequired(null)).toBeNull();
  });
});
