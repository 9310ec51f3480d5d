import { describe, expect, it } from 'vitest';
import { fkError } from '../../domain/errors/error.js';
import { Secret } from '../../domain/secret.js';
import { REDACTED, redact, redactError, secretsOfHeaders } from './redact.js';

const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

describe('redact', () => {
  it('replaces every occurrence, plain and URL-encoded, of strings and Secrets', () => {
    const odd = 'a+b/c=d';
    const text = `x ${TOKEN} y ${TOKEN} z ${encodeURIComponent(odd)} ${odd}`;
    expect(redact(text, [new Secret(TOKEN), odd])).toBe(
      `x ${REDACTED} y ${REDACTED} z ${REDACTED} ${REDACTED}`,
    );
  });

  it('ignores empty secrets', () => {
    expect(redact('abc', [''])).toBe('abc');
  });

  it('redacts inside error message, remediation and nested details', () => {
    const error = fkError('bad_credentials', {
      message: `no ${TOKEN}`,
      details: { list: [TOKEN], nested: { deep: `<${TOKEN}>` }, n: 1 },
    });
    const out = redactError(error, [TOKEN]);
    expect(JSON.stringify(out)).not.toContain(TOKEN);
    expect(out.details).toEqual({ list: [REDACTED], nested: { deep: `<${REDACTED}>` }, n: 1 });
  });
});

describe('secretsOfHeaders', () => {
  it('finds Bearer, PRIVATE-TOKEN and the decoded Basic password, case-insensitively', () => {
    const basic = Buffer.from(`me@example.com:${TOKEN}`).toString('base64');
    const found = secretsOfHeaders({
      authorization: `Basic ${basic}`,
      'Private-Token': 'glpat-secret',
      Accept: 'application/json',
    });
    expect(found).toContain(basic);
    expect(found).toContain(TOKEN);
    expect(found).toContain('glpat-secret');
    expect(found).not.toContain('application/json');
  });
});
