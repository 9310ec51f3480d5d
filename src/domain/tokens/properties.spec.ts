import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERSONAL_KINDS } from '../token-kind.js';
import {
  checksummedTokenArb,
  mutated,
  mutatedTokenArb,
  otherRoutableTokenArb,
} from './__fixtures__/make-token.js';
import { checkOffline } from './check-offline.js';
import { cleanToken } from './clean-token.js';
import { detectToken } from './detect-token.js';

/** Before the app password removal date, so `ATBB` tokens are judged on their format alone. */
const NOW = new Date('2026-01-01T00:00:00Z');
const RUNS = { numRuns: 500 };

describe('generated tokens of every checksummed format', () => {
  it('pass: checksum valid, forge and kind recognised, no error unless the kind is not a PAT', () => {
    fc.assert(
      fc.property(checksummedTokenArb, ({ forge, kind, token }) => {
        const report = checkOffline(token, { forge, now: NOW });
        expect(report).toMatchObject({ forge, kind, checksum: 'valid', removed: [] });
        const expected = PERSONAL_KINDS.has(kind) || kind === 'app_password' ? null : 'unsupported_token';
        expect(report.error?.code ?? null).toBe(expected);
      }),
      RUNS,
    );
  });

  it('fail after any one-character substitution from the format charset (outside an uncovered prefix)', () => {
    fc.assert(
      fc.property(mutatedTokenArb, ({ forge, token }) => {
        const detection = detectToken(token);
        const caught =
          detection.checksum === 'invalid' || detection.shape === 'bad' || detection.forge === null;
        expect(caught).toBe(true);
        expect(checkOffline(token, { forge, now: NOW }).error?.code).toBe('malformed_token');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('GitLab tokens other than PATs in routable form', () => {
  it('pass their checksum and are unsupported', () => {
    fc.assert(
      fc.property(otherRoutableTokenArb, ({ forge, kind, token }) => {
        expect(checkOffline(token, { forge })).toMatchObject({
          kind,
          checksum: 'valid',
          error: { code: 'unsupported_token' },
        });
      }),
      RUNS,
    );
  });

  it('are still rejected, never with a valid checksum, after any one-character substitution', () => {
    fc.assert(
      fc.property(mutated(otherRoutableTokenArb), ({ forge, token }) => {
        expect(detectToken(token).checksum).not.toBe('valid');
        expect(checkOffline(token, { forge }).error).not.toBeNull();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('GitHub prefixes (not covered by the checksum, forges.md §1.1)', () => {
  it('a one-character change in a classic token prefix never yields an accepted token', () => {
    const token = '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';
    const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_';
    for (let position = 0; position < 4; position++) {
      for (const c of alnum) {
        if (c === token[position]) continue;
        const mutated = token.slice(0, position) + c + token.slice(position + 1);
        expect(checkOffline(mutated, { forge: 'github' }).error).not.toBeNull();
      }
    }
  });

  it('but gho_ → ghp_ keeps a valid checksum: only the prefix tells the kinds apart', () => {
    expect(checkOffline('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').error?.code).toBe('unsupported_token');
    expect(checkOffline('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').error).toBeNull();
  });
});

describe('cleanToken properties', () => {
  const anyInput = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.string({
      unit: fc.constantFrom(' ', '\n', '"', "'", '`', 'B', 'e', 'a', 'r', 'x', '\u200B', '\uFEFF'),
      maxLength: 30,
    }),
    checksummedTokenArb.map((c) => c.token),
  );

  it('is idempotent: cleaning a cleaned value changes nothing and removes nothing', () => {
    fc.assert(
      fc.property(anyInput, (raw) => {
        const once = cleanToken(raw);
        if (!once.ok) return;
        expect(cleanToken(once.value.value)).toEqual({
          ok: true,
          value: { value: once.value.value, removed: [] },
        });
      }),
      RUNS,
    );
  });

  it('gives back the token from ` "Bearer <token>"\\n`', () => {
    fc.assert(
      fc.property(checksummedTokenArb, ({ token }) => {
        const result = cleanToken(` "Bearer ${token}"\n`);
        expect(result.ok && result.value.value).toBe(token);
      }),
      RUNS,
    );
  });
});
