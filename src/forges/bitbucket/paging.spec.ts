import { describe, expect, it } from 'vitest';
import { capOf, decodeCursor, encodeCursor } from './paging.js';

const API = 'https://api.bitbucket.org/2.0';

describe('Bitbucket cursors', () => {
  it('round-trips a next URL of this API', () => {
    const next = `${API}/repositories/ws?role=member&pagelen=100&page=2`;
    expect(decodeCursor(encodeCursor(next), API)).toEqual({ ok: true, value: next });
  });

  it.each([
    ['another origin', 'https://evil.example/2.0/repositories/ws?page=2'],
    ['another scheme', 'http://api.bitbucket.org/2.0/repositories/ws?page=2'],
    ['outside the API path', 'https://api.bitbucket.org/internal/x'],
    ['credentials in the URL', 'https://user:pw@api.bitbucket.org/2.0/repositories/ws'],
  ])('refuses %s', (_name, url) => {
    expect(decodeCursor(encodeCursor(url), API)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('refuses garbage and bounds the cap', () => {
    expect(decodeCursor('not a cursor!', API).ok).toBe(false);
    expect(capOf(undefined)).toEqual({ ok: true, value: 100 });
    expect(capOf(1_000)).toEqual({ ok: true, value: 1_000 });
    expect(capOf(0).ok).toBe(false);
    expect(capOf(1.5).ok).toBe(false);
  });
});
