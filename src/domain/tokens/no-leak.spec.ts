import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORGES, type ForgeId } from '../forge.js';
import { checksummedTokenArb, mutatedTokenArb } from './__fixtures__/make-token.js';
import { checkOffline, type OfflineReport } from './check-offline.js';

const FORGE_CHOICES: readonly (ForgeId | undefined)[] = [undefined, ...FORGES];
const DATES = [new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')];
/** Windows this long of random token text never occur in our fixed English texts by chance. */
const WINDOW = 8;

/** Everything of a report a user, a log or an API response can see, apart from the Secret. */
function visibleText(report: OfflineReport): string {
  const { error, removed } = report;
  return [
    error?.message ?? '',
    error?.remediation ?? '',
    JSON.stringify(error?.details ?? {}),
    ...removed,
  ].join('\n');
}

function leakedWindow(text: string, token: string, from: number): string | null {
  for (let i = from; i + WINDOW <= token.length; i++) {
    const window = token.slice(i, i + WINDOW);
    if (text.includes(window)) return window;
  }
  return null;
}

function assertNoLeak(raw: string, token: string, skip: number): void {
  for (const forge of FORGE_CHOICES) {
    for (const now of DATES) {
      const report = checkOffline(raw, forge === undefined ? { now } : { forge, now });
      const text = visibleText(report);
      expect(leakedWindow(text, token, skip)).toBeNull();
      // The Secret prints a mask (prefix and last four), so the whole report serialises safely too.
      expect(leakedWindow(JSON.stringify(report), token, skip)).toBeNull();
    }
  }
}

describe('no token text in anything checkOffline reports', () => {
  it('for valid tokens of every checksummed format', () => {
    fc.assert(
      fc.property(checksummedTokenArb, ({ token }) => assertNoLeak(token, token, 12)),
      { numRuns: 200 },
    );
  });

  it('for mutated tokens (checksum and shape errors)', () => {
    fc.assert(
      fc.property(mutatedTokenArb, ({ token }) => assertNoLeak(token, token, 12)),
      { numRuns: 200 },
    );
  });

  it('for random strings, padded and wrapped (cleaning and unknown-format errors)', () => {
    const noise = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \u2013\u00e9'),
      minLength: 8,
      maxLength: 1100,
    });
    fc.assert(
      fc.property(noise, fc.constantFrom('', ' ', '"', '\n'), (text, wrap) => {
        assertNoLeak(`${wrap}${text}${wrap}`, text, 0);
      }),
      { numRuns: 300 },
    );
  });

  it('for inputs that only differ from real tokens by a space or a non-ASCII character', () => {
    const token = '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';
    for (const raw of [
      `${token.slice(0, 20)} ${token.slice(20)}`,
      `${token.slice(0, 20)}\u2013${token.slice(20)}`,
    ]) {
      assertNoLeak(raw, token, 4);
    }
  });
});
