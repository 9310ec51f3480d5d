import { describe, expect, it } from 'vitest';
import { TOKEN_COLUMNS, type TokenRow, type TokenTuple, tokenFromRow, tokenFromTuple } from './rows.js';

describe('tokenFromTuple', () => {
  it('reads an array row exactly as tokenFromRow reads the same row as an object', () => {
    const row: TokenRow = {
      id: 'id-1',
      owner_id: 'owner-1',
      forge: 'gitlab',
      api_url: 'https://gitlab.example.com/api/v4',
      label: 'work',
      account_id: '42',
      account_login: 'ada',
      account_name: 'Ada',
      email: 'ada@example.com',
      kind: 'personal',
      scopes: '["api","read_user"]',
      expires_at: '2031-01-01T00:00:00.000Z',
      status: 'expiring',
      status_code: 'token_expiring',
      last_checked_at: '2030-01-01T00:00:00.000Z',
      last_used_at: '2030-01-02T00:00:00.000Z',
      created_at: '2029-01-01T00:00:00.000Z',
      updated_at: '2029-06-01T00:00:00.000Z',
      mask: 'glpat-…abcd',
      fingerprint: 'f'.repeat(64),
      is_default: 1,
      key_id: 'key-1',
    };
    // Every column distinct, so a swapped index cannot go unnoticed.
    expect(new Set(Object.values(row)).size).toBe(TOKEN_COLUMNS.length);
    const tuple = TOKEN_COLUMNS.map((column) => row[column]) as unknown as TokenTuple;
    expect(tokenFromTuple(tuple)).toEqual(tokenFromRow(row));
    const nulls: TokenRow = {
      ...row,
      account_id: null,
      account_login: null,
      account_name: null,
      scopes: null,
    };
    expect(tokenFromTuple(TOKEN_COLUMNS.map((column) => nulls[column]) as unknown as TokenTuple)).toEqual(
      tokenFromRow(nulls),
    );
  });
});
