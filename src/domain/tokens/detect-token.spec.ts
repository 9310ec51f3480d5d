import { describe, expect, it } from 'vitest';
import { FORGES } from '../forge.js';
import { PERSONAL_KINDS, TOKEN_KINDS } from '../token-kind.js';
import { GITLAB_PREFIXES, makeToken } from './__fixtures__/make-token.js';
import { detectToken } from './detect-token.js';

describe('detectToken: the worked examples of forges.md', () => {
  it.each([
    ['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', 'github', 'classic', 'valid'],
    ['ghp_XIxB7KMNdAr3zqWtQqhE94qglHqOzn1D1stg', 'github', 'classic', 'invalid'],
    ['glpat-bzoxYWFhYWFhYWFhYWFhYWFhYRA.0r18iwxmj', 'gitlab', 'personal', 'valid'],
    ['glpat-YWFhYWFhYWFhYWFhYWFhYW86MQM.01.0r0i4k17x', 'gitlab', 'personal', 'valid'],
    ['ATBBcCe6fczW96Vzwgvb4r8F2gZS54D591C4', 'bitbucket', 'app_password', 'valid'],
    ['ATBB3g7gLXseCxPjJs1CQNMyEjwf1D12516D', 'bitbucket', 'app_password', 'invalid'],
  ] as const)('%s → %s %s, checksum %s', (token, forge, kind, checksum) => {
    expect(detectToken(token)).toMatchObject({ forge, kind, checksum, shape: 'ok' });
  });
});

describe('detectToken: every kind', () => {
  const cases = FORGES.flatMap((forge) => TOKEN_KINDS[forge].map((kind) => [forge, kind] as const));

  it.each(cases)('%s %s', (forge, kind) => {
    const detection = detectToken(makeToken(forge, kind));
    expect(detection).toMatchObject({ forge, kind, shape: 'ok', problem: null });
    expect(detection.personal).toBe(PERSONAL_KINDS.has(kind));
    expect(detection.checksum).not.toBe('invalid');
  });

  it.each([
    ['github', 'classic', 'classic', 'valid'],
    ['github', 'oauth', 'classic', 'valid'],
    ['github', 'app-user', 'classic', 'valid'],
    ['github', 'app-installation', 'classic', 'valid'],
    ['github', 'app-installation', 'stateless', 'none'],
    ['github', 'app-refresh', 'classic', 'valid'],
    ['github', 'app-refresh', 'long', 'none'],
    ['github', 'fine-grained', undefined, 'none'],
    ['github', 'legacy', undefined, 'none'],
    ['gitlab', 'personal', 'legacy', 'none'],
    ['gitlab', 'personal', 'routable', 'valid'],
    ['gitlab', 'personal', 'routable-v01', 'valid'],
    ['gitlab', 'runner', 'routable-v01', 'valid'],
    ['gitlab', 'deploy', 'legacy', 'none'],
    ['bitbucket', 'api_token', undefined, 'valid'],
    ['bitbucket', 'access_token', undefined, 'valid'],
    ['bitbucket', 'app_password', undefined, 'valid'],
  ] as const)('%s %s (%s) has checksum %s', (forge, kind, variant, checksum) => {
    const token = variant === undefined ? makeToken(forge, kind) : makeToken(forge, kind, { variant });
    expect(detectToken(token)).toMatchObject({ forge, kind, checksum });
  });

  it('reports the prefix that identified the format', () => {
    expect(detectToken(makeToken('github', 'fine-grained')).prefix).toBe('github_pat_');
    expect(detectToken(makeToken('gitlab', 'deploy')).prefix).toBe('gldt-');
    expect(detectToken(makeToken('github', 'legacy')).prefix).toBeNull();
  });

  it.each(Object.entries(GITLAB_PREFIXES))('GitLab prefix %s is %s', (kind, prefix) => {
    expect(detectToken(`${prefix}${'a1B2'.repeat(5)}`)).toMatchObject({ forge: 'gitlab', kind, shape: 'ok' });
  });

  it('knows glrtr- runner tokens and GR1348941 runner registration tokens', () => {
    expect(detectToken(`glrtr-${'x'.repeat(20)}`)).toMatchObject({ kind: 'runner', prefix: 'glrtr-' });
    expect(detectToken(`GR1348941${'x'.repeat(20)}`)).toMatchObject({ kind: 'runner', personal: false });
  });

  it('recognises a routable GitLab PAT behind a self-managed custom prefix by its valid CRC', () => {
    const custom = makeToken('gitlab', 'personal', { variant: 'routable-v01', prefix: 'acme-corp.pat-' });
    expect(detectToken(custom)).toMatchObject({
      forge: 'gitlab',
      kind: 'personal',
      checksum: 'valid',
      prefix: null,
    });
    expect(detectToken(custom.replace('acme', 'acmf')).forge).toBeNull();
    expect(detectToken('bzoxd_Rb5_cHeWe1JH56wr2FCBA.0r1pum4t4')).toMatchObject({
      forge: 'gitlab',
      kind: 'personal',
      checksum: 'valid',
      prefix: null,
    });
  });
});

describe('detectToken: GitHub lengths', () => {
  it('accepts longer gh?_ tokens up to 255 characters without a checksum (2021 changelog)', () => {
    expect(detectToken(`ghp_${'a'.repeat(251)}`)).toMatchObject({
      kind: 'classic',
      checksum: 'none',
      shape: 'ok',
    });
    expect(detectToken(`ghp_${'a'.repeat(252)}`)).toMatchObject({ kind: 'classic', shape: 'bad' });
    expect(detectToken(`github_pat_${'a'.repeat(244)}`)).toMatchObject({ kind: 'fine-grained', shape: 'ok' });
    expect(detectToken(`github_pat_${'a'.repeat(245)}`)).toMatchObject({
      kind: 'fine-grained',
      shape: 'bad',
    });
  });

  it('accepts the stateless ghs_ form beyond 255 characters', () => {
    const token = makeToken('github', 'app-installation', { variant: 'stateless' });
    expect(token.length).toBeGreaterThan(500);
    expect(detectToken(token)).toMatchObject({ kind: 'app-installation', checksum: 'none', shape: 'ok' });
  });

  it('calls a complete 40-character token with more after it malformed (pasted twice)', () => {
    const token = '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';
    const detection = detectToken(token + token);
    expect(detection).toMatchObject({ kind: 'classic', shape: 'bad' });
    expect(detection.problem).toBe(
      'it has 40 extra characters after a complete 40-character token (pasted twice?)',
    );
  });
});

describe('detectToken: bad shapes for known prefixes', () => {
  it.each([
    ['ghp_ with 30 characters', `ghp_${'a'.repeat(26)}`, 'github', 'classic'],
    ['ghp_ 40 with a dash', `ghp_${'a'.repeat(35)}-`, 'github', 'classic'],
    ['ghs_ long with a plus', `ghs_${'a'.repeat(50)}+`, 'github', 'app-installation'],
    ['ghr_ long with a dot', `ghr_${'a'.repeat(50)}.`, 'github', 'app-refresh'],
    ['github_pat_ too short', `github_pat_${'a'.repeat(30)}`, 'github', 'fine-grained'],
    ['github_pat_ with a dash', `github_pat_${'a'.repeat(81)}-`, 'github', 'fine-grained'],
    ['glpat- with 19 characters', `glpat-${'a'.repeat(19)}`, 'gitlab', 'personal'],
    ['glpat- with a dot but no routable tail', `glpat-${'a'.repeat(19)}.x`, 'gitlab', 'personal'],
    ['gldt- too short', 'gldt-abc', 'gitlab', 'deploy'],
    ['glft- with a plus', `glft-${'a'.repeat(20)}+`, 'gitlab', 'feed'],
    ['ATATT3 too short', `ATATT3${'a'.repeat(30)}=ABCDEF01`, 'bitbucket', 'api_token'],
    ['ATCTT3 lowercase hex tail', `ATCTT3${'a'.repeat(177)}=abcdef01`, 'bitbucket', 'access_token'],
    ['ATATT3 with a dot', `ATATT3${'a'.repeat(176)}.=ABCDEF01`, 'bitbucket', 'api_token'],
    ['ATBB with 35 characters', `ATBB${'a'.repeat(23)}ABCDEF01`, 'bitbucket', 'app_password'],
    ['ATBB lowercase hex tail', `ATBB${'a'.repeat(24)}abcdef01`, 'bitbucket', 'app_password'],
    ['ATBB with an underscore', `ATBB${'a'.repeat(23)}_ABCDEF01`, 'bitbucket', 'app_password'],
  ] as const)('%s', (_name, token, forge, kind) => {
    const detection = detectToken(token);
    expect(detection).toMatchObject({ forge, kind, shape: 'bad' });
    expect(detection.problem).toMatch(/^its? /);
  });
});

describe('detectToken: unknown formats', () => {
  it.each([
    'hello',
    'ghx_ZJDeVREhkptGF7Wvep0NwJWlPEQP7a0t2nxL',
    'GHP_ZJDeVREhkptGF7Wvep0NwJWlPEQP7a0t2nxL',
    '0123456789ABCDEF0123456789ABCDEF01234567',
    '0123456789abcdef0123456789abcdef0123456',
    'glxyz-aaaaaaaaaaaaaaaaaaaaaaaa',
    'glpat-YWFhYWFhYWFhYWFhYWFhYW86MQM.01.0r0i4k17y'.replace('glpat-', 'acme-'),
  ])('%s', (token) => {
    expect(detectToken(token)).toEqual({
      forge: null,
      kind: null,
      checksum: 'none',
      personal: false,
      shape: 'ok',
      prefix: null,
      problem: null,
    });
  });
});
