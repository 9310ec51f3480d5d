import { describe, expect, it } from 'vitest';
import { cleanToken, MAX_TOKEN_LENGTH } from './clean-token.js';

const TOKEN = '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';

function cleaned(raw: string): { value: string; removed: string[] } {
  const result = cleanToken(raw);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function rejected(raw: string): { code: string; message: string; details?: Record<string, unknown> } {
  const result = cleanToken(raw);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('cleanToken: what it removes', () => {
  it.each([
    ['a clean token', TOKEN, []],
    ['surrounding spaces and tabs', `  \t${TOKEN} `, ['surrounding whitespace']],
    ['a trailing newline', `${TOKEN}\n`, ['line breaks']],
    ['a CRLF and spaces', `\r\n ${TOKEN} \r\n`, ['surrounding whitespace', 'line breaks']],
    ['double quotes', `"${TOKEN}"`, ['quotes']],
    ['single quotes', `'${TOKEN}'`, ['quotes']],
    ['backticks', `\`${TOKEN}\``, ['quotes']],
    ['typographic double quotes', `\u201C${TOKEN}\u201D`, ['quotes']],
    ['typographic single quotes', `\u2018${TOKEN}\u2019`, ['quotes']],
    ['a Bearer scheme', `Bearer ${TOKEN}`, ['a leading "Bearer "']],
    ['a lowercase bearer scheme with several spaces', `bearer   ${TOKEN}`, ['a leading "Bearer "']],
    ['a token scheme', `token ${TOKEN}`, ['a leading "token "']],
    ['an uppercase TOKEN scheme', `TOKEN ${TOKEN}`, ['a leading "token "']],
    [
      'a zero-width space inside',
      `ghp_ZJDe\u200BVREhkptGF7Wvep0NwJWlPEQP7a0t2nxL`,
      ['zero-width characters'],
    ],
    ['a byte order mark in front', `\uFEFF${TOKEN}`, ['zero-width characters']],
    ['a word joiner and a zero-width joiner', `\u2060${TOKEN}\u200D`, ['zero-width characters']],
    [
      'quotes around a Bearer header value, with a newline',
      ` "Bearer ${TOKEN}"\n`,
      ['surrounding whitespace', 'line breaks', 'quotes', 'a leading "Bearer "'],
    ],
    ['whitespace inside quotes', `" ${TOKEN} "`, ['quotes', 'surrounding whitespace']],
    ['quotes after the scheme', `Bearer '${TOKEN}'`, ['a leading "Bearer "', 'quotes']],
  ])('%s', (_name, raw, removed) => {
    expect(cleaned(raw)).toEqual({ value: TOKEN, removed });
  });

  it('keeps unmatched quotes (they make the token malformed later, not shorter)', () => {
    expect(cleaned(`"${TOKEN}`).value).toBe(`"${TOKEN}`);
    expect(cleaned(`"${TOKEN}'`).value).toBe(`"${TOKEN}'`);
  });

  it('keeps "Bearer" when no token follows it', () => {
    expect(cleaned('Bearer').value).toBe('Bearer');
  });

  it('is idempotent on its own output', () => {
    const once = cleaned(` "Bearer ${TOKEN}"\n`);
    expect(cleaned(once.value)).toEqual({ value: once.value, removed: [] });
  });
});

describe('cleanToken: what it rejects', () => {
  it('rejects empty input as invalid_input', () => {
    const error = rejected('');
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('No token was given: the input is empty.');
  });

  it('rejects input that is only whitespace and quotes as invalid_input, saying what was removed', () => {
    const error = rejected(' "  "\n');
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('surrounding whitespace, line breaks and quotes');
  });

  it('rejects a space inside the token, giving its position', () => {
    const error = rejected('ghp_ZJDeVREhkptGF7 Wvep0NwJWlPEQP7a0t2nxL');
    expect(error.code).toBe('malformed_token');
    expect(error.message).toBe(
      'The token contains a space at position 19 of 41; tokens never contain whitespace.',
    );
    expect(error.details).toEqual({ position: 19, length: 41 });
  });

  it.each([
    ['a tab', 'ghp_ZJDe\tVREhkptGF7'],
    ['a line break', 'ghp_ZJDe\nVREhkptGF7'],
    ['a whitespace character', 'ghp_ZJDe\u00A0VREhkptGF7'],
  ])('names %s inside the token', (what, raw) => {
    const error = rejected(raw);
    expect(error.code).toBe('malformed_token');
    expect(error.message).toContain(`contains ${what} at position 9 of`);
  });

  it('rejects a control character', () => {
    const error = rejected('ghp_ZJDe\u0000VREhkptGF7');
    expect(error.code).toBe('malformed_token');
    expect(error.message).toContain('a control character at position 9 of 19');
  });

  it('rejects a non-ASCII character without naming it', () => {
    const error = rejected('ghp_ZJDe\u2013VREhkptGF7');
    expect(error.code).toBe('malformed_token');
    expect(error.message).toContain('a non-ASCII character at position 9 of 19');
    expect(error.message).not.toContain('\u2013');
  });

  it(`rejects more than ${MAX_TOKEN_LENGTH} characters, and accepts exactly ${MAX_TOKEN_LENGTH}`, () => {
    const error = rejected('a'.repeat(MAX_TOKEN_LENGTH + 1));
    expect(error.code).toBe('malformed_token');
    expect(error.message).toBe('The token is 1025 characters long; no supported token is longer than 1024.');
    expect(cleaned('a'.repeat(MAX_TOKEN_LENGTH)).value).toHaveLength(MAX_TOKEN_LENGTH);
  });

  it('never puts token text in an error', () => {
    for (const raw of [
      'ghp_SECRETsecret SECRET',
      'ghp_SECRETsecret\u2013SECRET',
      `ghp_SECRET${'x'.repeat(2000)}`,
    ]) {
      const error = rejected(raw);
      expect(JSON.stringify(error)).not.toMatch(/SECRET|secret|xxxx/);
    }
  });
});
