import { describe, expect, it } from 'vitest';
import { makeToken } from './__fixtures__/make-token.js';
import { isAppPasswordChecksumValid, isAtlassianChecksumValid } from './atlassian-checksum.js';
import { constantTimeEqual } from './constant-time.js';
import { crc32 } from './crc32.js';
import { toBase36, toBase62, toHex8 } from './encoding.js';
import { githubChecksum, isGitHubChecksumValid } from './github-checksum.js';
import { checkGitLabRoutable } from './gitlab-checksum.js';

describe('encodings', () => {
  it('encodes base62 with digits, UPPER, lower and pads to the width', () => {
    expect(toBase62(0, 6)).toBe('000000');
    expect(toBase62(61, 6)).toBe('00000z');
    expect(toBase62(62, 6)).toBe('000010');
    // The largest CRC-32 value (forges.md §1.1).
    expect(toBase62(0xffffffff, 6)).toBe('4gfFC3');
  });

  it('encodes base36 lowercase and hex uppercase, padded', () => {
    expect(toBase36(27, 2)).toBe('0r');
    expect(toBase36(0xffffffff, 7)).toBe('1z141z3');
    expect(toHex8(0xc63992e6)).toBe('C63992E6');
    expect(toHex8(255)).toBe('000000FF');
  });
});

describe('constantTimeEqual', () => {
  it('is true only for identical strings', () => {
    expect(constantTimeEqual('0t2nxL', '0t2nxL')).toBe(true);
    expect(constantTimeEqual('0t2nxL', '0t2nxl')).toBe(false);
    expect(constantTimeEqual('0t2nxL', '0t2nx')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});

describe('GitHub checksum (forges.md §1.1)', () => {
  it('accepts the worked examples', () => {
    expect(githubChecksum('ZJDeVREhkptGF7Wvep0NwJWlPEQP7a')).toBe('0t2nxL');
    expect(isGitHubChecksumValid('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')).toBe(true);
    expect(isGitHubChecksumValid('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')).toBe(true);
  });

  it('rejects the made-up scanner example', () => {
    expect(isGitHubChecksumValid('ghp_XIxB7KMNdAr3zqWtQqhE94qglHqOzn1D1stg')).toBe(false);
  });

  it('does not cover the prefix', () => {
    expect(isGitHubChecksumValid('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')).toBe(true);
  });

  it('is false for any other length', () => {
    expect(isGitHubChecksumValid('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x')).toBe(false);
  });
});

describe('GitLab routable checksum (forges.md §2.1)', () => {
  it('accepts both worked examples, without and with the .01. version segment', () => {
    expect(checkGitLabRoutable('glpat-bzoxYWFhYWFhYWFhYWFhYWFhYRA.0r18iwxmj', 'glpat-')).toBe('valid');
    expect(checkGitLabRoutable('glpat-YWFhYWFhYWFhYWFhYWFhYW86MQM.01.0r0i4k17x', 'glpat-')).toBe('valid');
  });

  it('rejects a changed CRC', () => {
    expect(checkGitLabRoutable('glpat-bzoxYWFhYWFhYWFhYWFhYWFhYRA.0r18iwxmk', 'glpat-')).toBe('invalid');
  });

  it('rejects a length field that does not match the payload even when the CRC is recomputed', () => {
    const token = makeToken('gitlab', 'personal', {
      variant: 'routable',
      body: 'YWFhYWFhYWFhYWFhYWFhYW86MQM',
    });
    const head = `${token.slice(0, -9)}0s`; // payload is 27 (0r) characters, not 28
    expect(checkGitLabRoutable(head + toBase36(crc32(head), 7), 'glpat-')).toBe('invalid');
  });

  it('without a prefix, rejects a length field that cannot fit, even with a recomputed CRC', () => {
    const token = makeToken('gitlab', 'personal', { variant: 'routable' });
    const head = `${token.slice(0, -9)}8d`; // 301: longer than any payload
    expect(checkGitLabRoutable(head + toBase36(crc32(head), 7), null)).toBe('invalid');
  });

  it('says not-routable for legacy tokens and other shapes', () => {
    expect(checkGitLabRoutable('glpat-abcdefghij0123456789', 'glpat-')).toBe('not-routable');
    expect(checkGitLabRoutable('glpat-short.0r18iwxmj', 'glpat-')).toBe('malformed');
    expect(checkGitLabRoutable('glpat-bzox.YWFhYWFhYWFhYWFhYWFhYRA.0r18iwxmj', 'glpat-')).toBe('malformed');
    expect(checkGitLabRoutable('gldt-bzoxYWFhYWFhYWFhYWFhYWFhYRA.0r18iwxmj', 'glpat-')).toBe('not-routable');
  });

  it('checks a routable token without knowing its prefix', () => {
    // GitLab's design doc example of the shortest token, without prefix.
    expect(checkGitLabRoutable('bzoxd_Rb5_cHeWe1JH56wr2FCBA.0r1pum4t4', null)).toBe('valid');
    expect(checkGitLabRoutable('glpat-YWFhYWFhYWFhYWFhYWFhYW86MQM.01.0r0i4k17x', null)).toBe('valid');
    expect(checkGitLabRoutable('glpat-YWFhYWFhYWFhYWFhYWFhYW86MQM.01.0r0i4k17y', null)).toBe('invalid');
    expect(checkGitLabRoutable('0123456789abcdef0123456789abcdef01234567', null)).toBe('not-routable');
  });
});

describe('Atlassian checksums (forges.md §3.2)', () => {
  it('accepts the CredSweeper app password sample and rejects the made-up one', () => {
    expect(isAppPasswordChecksumValid('ATBBcCe6fczW96Vzwgvb4r8F2gZS54D591C4')).toBe(true);
    expect(isAppPasswordChecksumValid('ATBB3g7gLXseCxPjJs1CQNMyEjwf1D12516D')).toBe(false);
  });

  it('covers everything up to and including the last "=" for ATATT3 and ATCTT3', () => {
    for (const kind of ['api_token', 'access_token'] as const) {
      const token = makeToken('bitbucket', kind);
      expect(isAtlassianChecksumValid(token)).toBe(true);
      expect(isAtlassianChecksumValid(`${token.slice(0, 20)}x${token.slice(21)}`)).toBe(false);
    }
  });

  it('is false when the hex digits do not follow a "="', () => {
    const token = makeToken('bitbucket', 'api_token');
    expect(isAtlassianChecksumValid(`${token.slice(0, -9)}A${token.slice(-8)}`)).toBe(false);
  });
});
