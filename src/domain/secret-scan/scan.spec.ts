import { describe, expect, it } from 'vitest';
import { maskToken } from '../secret.js';
import { GITLAB_PREFIXES, makeToken } from '../tokens/__fixtures__/make-token.js';
import { scanContent, scanFiles } from './scan.js';
import { secretDetectedError } from './secret-detected-error.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const scan = (text: string) => scanContent('a.txt', bytes(text));

/** Every token here is generated with valid checksums by the test factory, never issued by a sandbox. */
const classic = makeToken('github', 'classic', { seed: 7 });

describe('scanContent — tokens', () => {
  it.each([
    ['GitHub classic', makeToken('github', 'classic', { seed: 2 }), 'github-token', 'classic'],
    ['GitHub OAuth', makeToken('github', 'oauth', { seed: 3 }), 'github-token', 'oauth'],
    ['GitHub App user', makeToken('github', 'app-user', { seed: 4 }), 'github-token', 'app-user'],
    ['GitHub App installation', makeToken('github', 'app-installation'), 'github-token', 'app-installation'],
    ['GitHub refresh', makeToken('github', 'app-refresh'), 'github-token', 'app-refresh'],
    ['GitHub fine-grained', makeToken('github', 'fine-grained', { seed: 5 }), 'github-token', 'fine-grained'],
    ['GitLab routable PAT', makeToken('gitlab', 'personal', { seed: 6 }), 'gitlab-token', 'personal'],
    [
      'GitLab routable PAT without .01',
      makeToken('gitlab', 'personal', { variant: 'routable' }),
      'gitlab-token',
      'personal',
    ],
    [
      'GitLab legacy PAT',
      makeToken('gitlab', 'personal', { variant: 'legacy', seed: 9 }),
      'gitlab-token',
      'personal',
    ],
    ['GitLab deploy token', makeToken('gitlab', 'deploy', { seed: 10 }), 'gitlab-token', 'deploy'],
    ['Bitbucket API token', makeToken('bitbucket', 'api_token'), 'bitbucket-token', 'api_token'],
    ['Bitbucket access token', makeToken('bitbucket', 'access_token'), 'bitbucket-token', 'access_token'],
    ['Bitbucket app password', makeToken('bitbucket', 'app_password'), 'bitbucket-token', 'app_password'],
  ])('finds a %s with line, column, kind and a mask', (_, token, kind, tokenKind) => {
    const findings = scan(`first line\n  export TOKEN="${token}"\nlast`);
    expect(findings).toEqual([
      { path: 'a.txt', line: 2, column: 17, kind, tokenKind, masked: maskToken(token) },
    ]);
  });

  it.each(Object.entries(GITLAB_PREFIXES))('finds every routable GitLab kind: %s', (kind, prefix) => {
    const token = makeToken('gitlab', kind as keyof typeof GITLAB_PREFIXES, { variant: 'routable-v01' });
    expect(token.startsWith(prefix)).toBe(true);
    expect(scan(`x=${token}`)).toMatchObject([{ kind: 'gitlab-token', tokenKind: kind, column: 3 }]);
  });

  it('does not report token-shaped strings whose checksum is wrong (typos, fakes, examples)', () => {
    const flip = (token: string, at: number): string =>
      token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    const text = [
      flip(classic, 20),
      flip(makeToken('gitlab', 'personal'), 12),
      flip(makeToken('bitbucket', 'api_token'), 50),
      flip(makeToken('bitbucket', 'app_password'), 10),
      'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    ].join('\n');
    expect(scan(text)).toEqual([]);
  });

  it('does not report placeholders of the formats that have no checksum', () => {
    const text = [
      `github_pat_${'x'.repeat(22)}_${'x'.repeat(59)}`,
      'glpat-xxxxxxxxxxxxxxxxxxxx',
      'GITLAB_TOKEN=glpat-your-token-goes-here',
      'glrt-runner-registration-for-project',
      // 40 hex: every git object id has this shape, so GitHub's legacy format is not searched.
      'e83c5163316f89bfbde7d9ab23ca2e25604af290',
    ].join('\n');
    expect(scan(text)).toEqual([]);
  });

  it('finds a token followed by punctuation, inside a URL and twice on one line', () => {
    const legacy = makeToken('gitlab', 'personal', { variant: 'legacy', seed: 3 });
    const findings = scan(`see ${legacy}.\nhttps://x:${classic}@github.com/o/r.git ${classic}`);
    expect(findings.map((f) => [f.line, f.column])).toEqual([
      [1, 5],
      [2, 11],
      [2, 71],
    ]);
  });

  it('counts columns in bytes and scans binary content as latin1', () => {
    const head = new Uint8Array([0, 1, 0xff, 0xc3, 0xa9, 0x0a, 0x00, 0x80]);
    const content = new Uint8Array([...head, ...bytes(classic), 0, 0]);
    expect(scanContent('blob.bin', content)).toMatchObject([{ line: 2, column: 3, kind: 'github-token' }]);
    expect(scan(`été ${classic}`)).toMatchObject([{ line: 1, column: 7 }]);
  });

  it('scanFiles reports every file in order', () => {
    const findings = scanFiles([
      { path: 'a', content: bytes(classic) },
      { path: 'b', content: bytes('nothing') },
      { path: 'c/d', content: bytes(`\n\n${makeToken('bitbucket', 'api_token')}`) },
    ]);
    expect(findings.map((f) => `${f.path}:${f.line}`)).toEqual(['a:1', 'c/d:3']);
  });
});

describe('secretDetectedError', () => {
  it('names the first file and line, carries at most 20 masked findings, and no token text', () => {
    const many = Array.from({ length: 25 }, (_, i) => makeToken('github', 'classic', { seed: 100 + i }));
    const findings = scanFiles([{ path: 'src/config.ts', content: bytes(`x\n${many.join('\n')}`) }]);
    expect(findings).toHaveLength(25);
    const error = secretDetectedError(findings);
    expect(error.code).toBe('secret_detected');
    expect(error.message).toContain('src/config.ts:2');
    expect(error.message).toContain('24 more');
    expect(error.details?.count).toBe(25);
    expect(error.details?.findings).toHaveLength(20);
    const serialised = JSON.stringify(error);
    for (const token of many) expect(serialised).not.toContain(token.slice(4, -4));
  });
});
