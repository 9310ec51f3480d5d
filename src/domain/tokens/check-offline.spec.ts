import { describe, expect, it } from 'vitest';
import { Secret } from '../secret.js';
import { makeToken } from './__fixtures__/make-token.js';
import { APP_PASSWORD_REMOVED_AT, checkOffline } from './check-offline.js';

const CLASSIC = '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';
const ROUTABLE = 'glpat-YWFhYWFhYWFhYWFhYWFhYW86MQM.01.0r0i4k17x';
const APP_PASSWORD = 'ATBBcCe6fczW96Vzwgvb4r8F2gZS54D591C4';
const BEFORE_REMOVAL = new Date('2026-07-27T23:59:59Z');
const AT_REMOVAL = new Date(APP_PASSWORD_REMOVED_AT);

describe('checkOffline: accepted tokens', () => {
  it('wraps the cleaned token in a Secret and reports what cleaning removed', () => {
    const report = checkOffline(` "Bearer ${CLASSIC}"\n`, { forge: 'github' });
    expect(report.secret).toBeInstanceOf(Secret);
    expect(report.secret?.reveal()).toBe(CLASSIC);
    expect(report).toMatchObject({
      removed: ['surrounding whitespace', 'line breaks', 'quotes', 'a leading "Bearer "'],
      forge: 'github',
      kind: 'classic',
      checksum: 'valid',
      error: null,
    });
  });

  it.each([
    ['github', 'classic', CLASSIC],
    ['github', 'fine-grained', makeToken('github', 'fine-grained')],
    ['github', 'legacy', makeToken('github', 'legacy')],
    ['gitlab', 'personal', ROUTABLE],
    ['gitlab', 'personal', makeToken('gitlab', 'personal', { variant: 'legacy' })],
    ['bitbucket', 'api_token', makeToken('bitbucket', 'api_token')],
    ['bitbucket', 'access_token', makeToken('bitbucket', 'access_token')],
  ] as const)('accepts a %s %s with or without the forge chosen', (forge, kind, token) => {
    expect(checkOffline(token, { forge })).toMatchObject({ forge, kind, error: null });
    expect(checkOffline(token)).toMatchObject({ forge, kind, error: null });
  });

  it('accepts an app password before 2026-07-28', () => {
    expect(checkOffline(APP_PASSWORD, { now: BEFORE_REMOVAL })).toMatchObject({
      forge: 'bitbucket',
      kind: 'app_password',
      checksum: 'valid',
      error: null,
    });
  });
});

describe('checkOffline: errors, in priority order', () => {
  it('1. cleaning: reports the cleaning error with no secret', () => {
    expect(checkOffline('  \n')).toMatchObject({
      secret: null,
      forge: null,
      kind: null,
      error: { code: 'invalid_input' },
    });
    expect(checkOffline('ghp_abc def').error?.code).toBe('malformed_token');
  });

  it('2. wrong forge: names the forge and kind the token looks like', () => {
    const report = checkOffline(ROUTABLE, { forge: 'github' });
    expect(report).toMatchObject({ forge: 'gitlab', kind: 'personal', checksum: 'valid' });
    expect(report.error).toMatchObject({
      code: 'wrong_forge',
      message: 'This looks like a GitLab personal access token, not a GitHub token.',
      details: { detectedForge: 'gitlab', detectedKind: 'personal' },
    });
    expect(report.error?.remediation).toBe('Choose GitLab as the forge, or paste a token created on GitHub.');
  });

  it('2. wrong forge comes before a bad checksum', () => {
    const report = checkOffline('ghp_XIxB7KMNdAr3zqWtQqhE94qglHqOzn1D1stg', { forge: 'bitbucket' });
    expect(report.error?.code).toBe('wrong_forge');
    expect(report.error?.message).toBe(
      'This looks like a GitHub personal access token (classic), not a Bitbucket token.',
    );
  });

  it('3. invalid checksum: a typo or a made-up token', () => {
    for (const token of [
      'ghp_XIxB7KMNdAr3zqWtQqhE94qglHqOzn1D1stg',
      'ATBB3g7gLXseCxPjJs1CQNMyEjwf1D12516D',
    ]) {
      const report = checkOffline(token);
      expect(report.checksum).toBe('invalid');
      expect(report.error?.code).toBe('malformed_token');
      expect(report.error?.message).toMatch(/checksum does not match .* typo .* made-up token/);
    }
  });

  it('3. invalid checksum comes before app password removal and unsupported kinds', () => {
    expect(
      checkOffline('ATBB3g7gLXseCxPjJs1CQNMyEjwf1D12516D', { now: AT_REMOVAL }).error?.message,
    ).toContain('checksum');
    const badGho = `gho_${CLASSIC.slice(4, -1)}M`;
    expect(checkOffline(badGho).error?.code).toBe('malformed_token');
  });

  it('4. bad shape for a known prefix: says what is wrong', () => {
    const report = checkOffline(`ghp_${'a'.repeat(26)}`, { forge: 'github' });
    expect(report).toMatchObject({ forge: 'github', kind: 'classic', checksum: 'none' });
    expect(report.error).toMatchObject({
      code: 'malformed_token',
      message:
        'This looks like a GitHub personal access token (classic) (ghp_), but it is not well formed: it is 30 characters long instead of 40 (ghp_ and 36 letters and digits).',
    });
  });

  it('5. app password on or after 2026-07-28', () => {
    const report = checkOffline(APP_PASSWORD, { forge: 'bitbucket', now: AT_REMOVAL });
    expect(report).toMatchObject({ forge: 'bitbucket', kind: 'app_password', checksum: 'valid' });
    expect(report.error).toMatchObject({
      code: 'app_password_removed',
      details: { removedAt: APP_PASSWORD_REMOVED_AT },
    });
    expect(report.error?.remediation).toContain(
      'https://id.atlassian.com/manage-profile/security/api-tokens',
    );
  });

  it('6. GitLab kinds that are not personal access tokens: says what it is', () => {
    const report = checkOffline(makeToken('gitlab', 'deploy'), { forge: 'gitlab' });
    expect(report).toMatchObject({ forge: 'gitlab', kind: 'deploy', checksum: 'none' });
    expect(report.error).toMatchObject({
      code: 'unsupported_token',
      message: 'This is a GitLab deploy token (gldt-), not a personal access token.',
      details: { detectedForge: 'gitlab', detectedKind: 'deploy' },
    });
    expect(report.error?.remediation).toContain('glpat-');
  });

  it.each([
    ['oauth', 'GitHub OAuth app token (gho_)'],
    ['app-user', 'GitHub App user access token (ghu_)'],
    ['app-installation', 'GitHub App installation access token (ghs_)'],
    ['app-refresh', 'GitHub App refresh token (ghr_)'],
  ] as const)('7. GitHub %s tokens are not PATs: says what they are and keeps forge/kind', (kind, label) => {
    const report = checkOffline(makeToken('github', kind), { forge: 'github' });
    expect(report).toMatchObject({ forge: 'github', kind, checksum: 'valid' });
    expect(report.error?.code).toBe('unsupported_token');
    expect(report.error?.message).toMatch(
      new RegExp(`^This is a ${label.replace(/[()]/g, '\\$&')}, not a personal access token: .+\\.$`),
    );
    expect(report.error?.remediation).toContain('https://github.com/settings/personal-access-tokens/new');
  });

  it('7. the stateless ghs_ form is unsupported too, with checksum none', () => {
    const report = checkOffline(makeToken('github', 'app-installation', { variant: 'stateless' }));
    expect(report).toMatchObject({
      kind: 'app-installation',
      checksum: 'none',
      error: { code: 'unsupported_token' },
    });
  });
});

describe('checkOffline: unknown formats', () => {
  const UNKNOWN = 'abcdefghijklmnopqrstuvwxyz0123456789';

  it('accepts anything plausible as a GitLab PAT with a custom prefix when GitLab is chosen', () => {
    expect(checkOffline(`mycorp-${'a'.repeat(20)}`, { forge: 'gitlab' })).toMatchObject({
      forge: 'gitlab',
      kind: 'personal',
      checksum: 'none',
      error: null,
    });
  });

  it('checks the CRC of a routable custom-prefix GitLab token', () => {
    const token = makeToken('gitlab', 'personal', { prefix: 'mycorp-' });
    expect(checkOffline(token, { forge: 'gitlab' })).toMatchObject({ checksum: 'valid', error: null });
    const typo = token.replace('mycorp-', 'mycorq-');
    const report = checkOffline(typo, { forge: 'gitlab' });
    expect(report).toMatchObject({ forge: 'gitlab', kind: 'personal', checksum: 'invalid' });
    expect(report.error?.code).toBe('malformed_token');
    expect(report.error?.message).toContain('checksum does not match');
  });

  it('rejects something too short to be a GitLab token even with GitLab chosen', () => {
    const report = checkOffline('abc', { forge: 'gitlab' });
    expect(report.error).toMatchObject({ code: 'malformed_token', details: { length: 3, forge: 'gitlab' } });
  });

  it.each([
    [
      'github',
      /^This does not look like any GitHub token format \(36 characters\)\. Expected .*github_pat_.*ghp_/,
    ],
    [
      'bitbucket',
      /^This does not look like any Bitbucket token format \(36 characters\)\. Expected .*ATATT3.*ATCTT3.*ATBB/,
    ],
  ] as const)('rejects it for %s, listing the expected formats', (forge, message) => {
    const report = checkOffline(UNKNOWN, { forge });
    expect(report).toMatchObject({ forge: null, kind: null, checksum: 'none' });
    expect(report.error?.code).toBe('malformed_token');
    expect(report.error?.message).toMatch(message);
  });

  it('asks to choose the forge when none was given', () => {
    const report = checkOffline(UNKNOWN);
    expect(report.error?.code).toBe('malformed_token');
    expect(report.error?.message).toBe(
      'This token format is not recognised (36 characters); choose the forge it was created on.',
    );
  });

  it('treats 40 hex characters as a GitLab custom-prefix PAT when GitLab is chosen, else as GitHub legacy', () => {
    const hex = makeToken('github', 'legacy');
    expect(checkOffline(hex, { forge: 'gitlab' })).toMatchObject({
      forge: 'gitlab',
      kind: 'personal',
      error: null,
    });
    expect(checkOffline(hex, { forge: 'github' })).toMatchObject({
      forge: 'github',
      kind: 'legacy',
      error: null,
    });
    expect(checkOffline(hex)).toMatchObject({ forge: 'github', kind: 'legacy', error: null });
    expect(checkOffline(hex, { forge: 'bitbucket' }).error?.code).toBe('wrong_forge');
  });
});
