import { describe, expect, it } from 'vitest';
import { errorOf, query } from './api.js';

describe('errorOf', () => {
  it('takes the catalogue error from the error body', () => {
    const body = {
      error: { code: 'bad_credentials', message: 'Rejected.', remediation: 'Create a new token.' },
      requestId: 'r1',
    };
    expect(errorOf(body, 401)).toMatchObject({ code: 'bad_credentials', remediation: 'Create a new token.' });
  });

  it('stands in when the answer is not the error body', () => {
    expect(errorOf(null, 0).code).toBe('network_error');
    expect(errorOf('<html>', 502)).toMatchObject({
      code: 'internal_error',
      message: 'The server answered 502.',
    });
  });
});

describe('query', () => {
  it('keeps only set values', () => {
    expect(query({ a: '1', b: undefined, c: '' })).toBe('?a=1');
    expect(query({})).toBe('');
    expect(query({ action: 'token.add', cursor: 'a b' })).toBe('?action=token.add&cursor=a+b');
  });
});
