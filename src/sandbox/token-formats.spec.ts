import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';
import {
  atlassianApiToken,
  bitbucketAccessToken,
  bitbucketAppPassword,
  githubClassicToken,
  githubFineGrainedToken,
  gitlabPersonalToken,
} from './token-formats.js';

/*
 * Validators written here from forges.md (§1.1, §2.1, §3.2) on their own, with Node's zlib CRC-32 as a
 * second CRC implementation, so a generator bug cannot hide behind a matching validator bug.
 */
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function toBase62(n: number): string {
  let out = '';
  let rest = n;
  do {
    out = B62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(6, '0');
}

function validGitHubClassic(token: string): boolean {
  if (!/^ghp_[A-Za-z0-9]{36}$/.test(token)) return false;
  return toBase62(zlibCrc32(token.slice(4, -6))) === token.slice(-6);
}

function validGitLabRoutable(token: string): boolean {
  const match = /^glpat-([A-Za-z0-9_-]+)\.(?:01\.)?([0-9a-z]{2})([0-9a-z]{7})$/.exec(token);
  if (!match) return false;
  const [, encoded, length, checksum] = match;
  if (Number.parseInt(length!, 36) !== encoded!.length) return false;
  return zlibCrc32(token.slice(0, -7)).toString(36).padStart(7, '0') === checksum;
}

function validAtlassian(token: string, prefix: string): boolean {
  if (!token.startsWith(prefix)) return false;
  const cut = token.lastIndexOf('=');
  const head = token.slice(0, cut + 1);
  return zlibCrc32(head).toString(16).toUpperCase().padStart(8, '0') === token.slice(cut + 1);
}

function validAppPassword(token: string): boolean {
  if (!/^ATBB[A-Za-z0-9]{32}$/.test(token)) return false;
  return zlibCrc32(token.slice(0, -8)).toString(16).toUpperCase().padStart(8, '0') === token.slice(-8);
}

describe('crc32', () => {
  it('agrees with zlib and with the worked examples of forges.md', () => {
    for (const input of [
      '',
      'a',
      'ZJDeVREhkptGF7Wvep0NwJWlPEQP7a',
      'glpat-YWFhYWFhYWFhYWFhYWFhYW86MQM.01.0r',
    ]) {
      expect(crc32(input)).toBe(zlibCrc32(input));
    }
    expect(crc32('ZJDeVREhkptGF7Wvep0NwJWlPEQP7a')).toBe(0x307aff83);
  });

  it('checks the validators against real tokens from forges.md and rejects made-up ones', () => {
    expect(validGitHubClassic('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')).toBe(true);
    expect(validGitHubClassic('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')).toBe(true);
    expect(validGitHubClassic('ghp_XIxB7KMNdAr3zqWtQqhE94qglHqOzn1D1stg')).toBe(false);
    expect(validGitLabRoutable('glpat-YWFhYWFhYWFhYWFhYWFhYW86MQM.01.0r0i4k17x')).toBe(true);
    expect(validGitLabRoutable('glpat-bzoxYWFhYWFhYWFhYWFhYWFhYRA.0r18iwxmj')).toBe(true);
    expect(validAppPassword('ATBBcCe6fczW96Vzwgvb4r8F2gZS54D591C4')).toBe(true);
    expect(validAppPassword('ATBB3g7gLXseCxPjJs1CQNMyEjwf1D12516D')).toBe(false);
  });
});

describe('generated tokens', () => {
  const runs = Array.from({ length: 200 }, (_, index) => index);

  it('GitHub classic: ghp_ + 30 + base62 CRC32 of the 30, 40 characters', () => {
    for (const _ of runs) expect(validGitHubClassic(githubClassicToken())).toBe(true);
  });

  it('GitHub fine-grained: github_pat_ + 22 starting 11 + _ + 59, 93 characters', () => {
    for (const _ of runs) {
      const token = githubFineGrainedToken();
      expect(token).toMatch(/^github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}$/);
      expect(token).toHaveLength(93);
    }
  });

  it('GitLab routable with the .01. version segment, CRC over the prefix too', () => {
    for (const _ of runs) {
      const token = gitlabPersonalToken('routable', 12345);
      expect(token).toMatch(/\.01\.[0-9a-z]{9}$/);
      expect(validGitLabRoutable(token)).toBe(true);
    }
  });

  it('puts the routing payload after 16 random bytes and ends it with its length', () => {
    const token = gitlabPersonalToken('routable', 12345);
    const encoded = token.slice('glpat-'.length, token.indexOf('.'));
    const bytes = Buffer.from(encoded, 'base64url');
    const routing = bytes.subarray(16, -1).toString('utf8');
    expect(routing).toBe(`c:1\nu:${(12345).toString(36)}`);
    expect(bytes.at(-1)).toBe(routing.length);
  });

  it('GitLab routable without a version segment (the earlier shape)', () => {
    for (const _ of runs) {
      const token = gitlabPersonalToken('routable-unversioned', 7);
      expect(token).not.toContain('.01.');
      expect(validGitLabRoutable(token)).toBe(true);
      const encoded = token.slice('glpat-'.length, token.indexOf('.'));
      expect(Buffer.from(encoded, 'base64url').subarray(0, 7).toString('utf8')).toBe('o:1\nu:7');
    }
  });

  it('GitLab legacy: glpat- + 20, no checksum', () => {
    for (const _ of runs) expect(gitlabPersonalToken('legacy', 1)).toMatch(/^glpat-[0-9A-Za-z_-]{20}$/);
  });

  it('Atlassian API tokens: ATATT3…=CRC32, 192 characters', () => {
    for (const _ of runs) {
      const token = atlassianApiToken();
      expect(token).toHaveLength(192);
      expect(token).toMatch(/^ATATT3[A-Za-z0-9_-]+=[0-9A-F]{8}$/);
      expect(validAtlassian(token, 'ATATT3')).toBe(true);
    }
  });

  it('Bitbucket access tokens: ATCTT3…=CRC32', () => {
    for (const _ of runs) expect(validAtlassian(bitbucketAccessToken(), 'ATCTT3')).toBe(true);
  });

  it('Bitbucket app passwords: ATBB + 24 + CRC32 of ATBB+24, 36 characters', () => {
    for (const _ of runs) expect(validAppPassword(bitbucketAppPassword())).toBe(true);
  });

  it('a changed character breaks the checksum', () => {
    const token = githubClassicToken();
    const flipped = `${token.slice(0, 10)}${token[10] === 'a' ? 'b' : 'a'}${token.slice(11)}`;
    expect(validGitHubClassic(flipped)).toBe(false);
  });
});
