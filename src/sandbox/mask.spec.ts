import { describe, expect, it } from 'vitest';
import { maskAuthorization, maskSecret } from './mask.js';

describe('maskSecret', () => {
  it('keeps a known prefix and the last four characters', () => {
    expect(maskSecret('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')).toBe('ghp_…2nxL');
    expect(maskSecret('ATBBcCe6fczW96Vzwgvb4r8F2gZS54D591C4')).toBe('ATBB…91C4');
  });

  it('shows less of short values and nothing of very short ones', () => {
    expect(maskSecret('abcdefghij')).toBe('…ij');
    expect(maskSecret('abc')).toBe('…');
    expect(maskSecret('ghp_abc')).toBe('ghp_…');
  });
});

describe('maskAuthorization', () => {
  const basic = (value: string) => `Basic ${Buffer.from(value).toString('base64')}`;

  it('masks Bearer and token schemes', () => {
    expect(maskAuthorization('Bearer glpat-abcdefghijklmnopqrstuvwxyz')).toBe('Bearer glpat-…wxyz');
    expect(maskAuthorization('token 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')).toBe('token ghp_…2nxL');
  });

  it('shows a Basic username or email but never the password', () => {
    expect(maskAuthorization(basic('octo@example.com:ATATT3xFfGF0aaaaaaaaaaaaaaaa=ABCDEF12'))).toBe(
      'Basic octo@example.com:ATATT3…EF12',
    );
  });

  it('masks a token used as the Basic username', () => {
    expect(maskAuthorization(basic('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:x-oauth-basic'))).toBe(
      'Basic ghp_…2nxL:…ic',
    );
    expect(maskAuthorization(basic(`${'a1'.repeat(20)}:`))).toBe('Basic …a1a1:…');
  });

  it('keeps only the name of unknown schemes', () => {
    expect(maskAuthorization('Digest username="x", response="secret"')).toBe('Digest …');
  });
});
