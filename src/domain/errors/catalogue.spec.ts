import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, ERROR_CODES } from './catalogue.js';
import { fkError, isFkError } from './error.js';

const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const documented = [...docs.matchAll(/^## `([a-z_]+)`$/gm)].map((match) => match[1]);

describe('error catalogue', () => {
  it('documents every code in docs/errors.md, and nothing else', () => {
    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('gives each documented code its HTTP status from the catalogue', () => {
    for (const code of ERROR_CODES) {
      const section = docs.split(`## \`${code}\``)[1]?.split('\n## ')[0] ?? '';
      expect(section, code).toContain(`HTTP ${CATALOGUE[code].status}`);
    }
  });

  it('has a message and a remediation for every code', () => {
    for (const code of ERROR_CODES) {
      expect(CATALOGUE[code].message.length, code).toBeGreaterThan(10);
      expect(CATALOGUE[code].remediation.length, code).toBeGreaterThan(10);
    }
  });

  it('builds errors as data with overrides but a fixed code', () => {
    const error = fkError('wrong_forge', { message: 'This looks like a GitLab token.' });
    expect(error).toEqual({
      code: 'wrong_forge',
      message: 'This looks like a GitLab token.',
      remediation: CATALOGUE.wrong_forge.remediation,
    });
    expect(isFkError(error)).toBe(true);
    expect(isFkError({ code: 'nope', message: '' })).toBe(false);
  });
});
