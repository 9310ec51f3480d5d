import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskToken } from '../secret.js';
import { checksummedTokenArb, makeToken, mutatedTokenArb } from '../tokens/__fixtures__/make-token.js';
import { scanContent, scanFiles } from './scan.js';

const encoder = new TextEncoder();
const kindOf = { github: 'github-token', gitlab: 'gitlab-token', bitbucket: 'bitbucket-token' } as const;

/** Lines of random text (any Unicode, no line breaks), so columns are tested in bytes. */
const lineArb = fc.string({ unit: 'grapheme', maxLength: 60 }).map((line) => line.replace(/[\r\n]/g, ' '));

describe('a generated valid token anywhere in random text', () => {
  it('is found once, at its line and byte column, with its kind and a mask', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.nat(),
        checksummedTokenArb,
        (lines, lineSeed, columnSeed, { forge, kind, token }) => {
          const lineIndex = lineSeed % lines.length;
          const line = lines[lineIndex] ?? '';
          const cut = [...line].slice(0, columnSeed % (line.length + 1)).join('');
          lines[lineIndex] = `${cut}${token}${line.slice(cut.length)}`;
          const findings = scanContent('f', encoder.encode(lines.join('\n')));
          expect(findings).toEqual([
            {
              path: 'f',
              line: lineIndex + 1,
              column: encoder.encode(cut).length + 1,
              kind: kindOf[forge],
              tokenKind: kind,
              masked: maskToken(token),
            },
          ]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/**
 * Random text built from short chunks, prefixes on their own, and near-misses (valid tokens with one
 * character changed), always separated by characters no token contains — so the text never holds
 * an exact no-checksum shape (`glpat-` + 20 characters) by accident.
 */
const pieceArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    'ghp_',
    'github_pat_',
    'glpat-',
    'gldt-',
    'GR1348941',
    'ATATT3',
    'ATBB',
    '-----BEGIN ',
    'PuTTY-User-Key-File-',
  ),
  mutatedTokenArb.map((mutated) => mutated.token),
);
const separatorArb = fc.constantFrom(' ', '\n', ',', '"', ':', '\t', '(', ')');
const textArb = fc
  .array(fc.tuple(pieceArb, separatorArb), { maxLength: 30 })
  .map((pairs) => pairs.map(([piece, separator]) => piece + separator).join(''));

describe('random text without a valid token', () => {
  it('yields nothing, near-misses with a wrong checksum included', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        expect(scanContent('f', encoder.encode(text))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a commit-sized input', () => {
  // Speed is measured, not asserted here (about 5 ms for this input; see docs/push.md).
  it('finds exactly the planted tokens among 1,000 files of 5 KB of source-like text', () => {
    // Source-like text: prefixes mentioned in prose on every few lines, a key header in code once
    // per file, and a real token in one file of a hundred.
    const filler = [
      'export function compute(alpha: number, beta: number): number {',
      '  // A token starts with ghp_ or glpat- and is checked before use.',
      '  return alpha * beta + Math.floor(alpha / (beta || 1));',
      '}',
      '',
    ].join('\n');
    const header = "const header = '-----BEGIN RSA PRIVATE KEY-----';\n";
    const files = Array.from({ length: 1000 }, (_, i) => {
      let text = header + filler.repeat(Math.ceil(5120 / filler.length)).slice(0, 5120 - 50 - header.length);
      if (i % 100 === 0) text += makeToken('github', 'classic', { seed: i });
      return { path: `src/file-${i}.ts`, content: encoder.encode(text) };
    });
    const findings = scanFiles(files);
    expect(findings.map((finding) => finding.path)).toEqual(
      Array.from({ length: 10 }, (_, i) => `src/file-${i * 100}.ts`),
    );
  });
});
