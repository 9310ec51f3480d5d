import { describe, expect, it } from 'vitest';
import { detectForge, needsEmail } from './detect-forge.js';

describe('detectForge', () => {
  it.each([
    ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'github'],
    ['github_pat_11ABCDEFG0123456789_abcdef', 'github'],
    ['  ghp_padded  ', 'github'],
    ['glpat-abcdefghijklmnopqrst', 'gitlab'],
    ['ATATT3xFfGF0abcdef', 'bitbucket'],
    ['ATCTT3xFfGN0abcdef', 'bitbucket'],
    ['ATBBabcdef', 'bitbucket'],
  ])('%s → %s', (pasted, forge) => {
    expect(detectForge(pasted)).toBe(forge);
  });

  it('says nothing for text without a known prefix', () => {
    expect(detectForge('')).toBeNull();
    expect(detectForge('0123456789abcdef0123456789abcdef01234567')).toBeNull();
    expect(detectForge('GHP_uppercase')).toBeNull();
  });

  it('asks for an email for Bitbucket API tokens, not for access tokens or other forges', () => {
    expect(needsEmail('bitbucket', 'ATATT3x')).toBe(true);
    expect(needsEmail('bitbucket', '')).toBe(true);
    expect(needsEmail('bitbucket', 'ATCTT3x')).toBe(false);
    expect(needsEmail('github', 'ATATT3x')).toBe(false);
  });
});
