import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, nextLink, perPageFor } from './paginate.js';

const API = 'https://ghe.example.com/api/v3';

describe('GitHub pagination helpers (forges.md §1.8)', () => {
  it('reads rel="next" from a Link header, whatever the order', () => {
    const headers = new Headers({
      link: `<${API}/user/repos?page=1>; rel="prev", <${API}/user/repos?page=3>; rel="next", <${API}/user/repos?page=9>; rel="last"`,
    });
    expect(nextLink(headers)).toBe(`${API}/user/repos?page=3`);
    expect(nextLink(new Headers({ link: `<${API}/x?page=1>; rel="first"` }))).toBeNull();
    expect(nextLink(new Headers())).toBeNull();
  });

  it('round-trips a cursor with a skip, and refuses cursors to anywhere else', () => {
    const url = `${API}/user/repos?per_page=100&page=2`;
    expect(decodeCursor(encodeCursor({ url, skip: 40 }), API)).toEqual({
      ok: true,
      value: { url, skip: 40 },
    });
    expect(decodeCursor(encodeCursor({ url, skip: 0 }), API)).toEqual({ ok: true, value: { url, skip: 0 } });
    for (const foreign of [
      'https://evil.example/api/v3/user/repos',
      'https://ghe.example.com/other/user/repos',
      'http://ghe.example.com/api/v3/user/repos',
      'https://user:pw@ghe.example.com/api/v3/user/repos',
    ]) {
      expect(decodeCursor(encodeCursor({ url: foreign, skip: 0 }), API).ok).toBe(false);
    }
    expect(decodeCursor('not a cursor!', API).ok).toBe(false);
    expect(decodeCursor(Buffer.from(`${url}#other`).toString('base64url'), API).ok).toBe(false);
  });

  it('picks a page size that ends where the cap does when it can', () => {
    expect(perPageFor(30)).toBe(30);
    expect(perPageFor(250)).toBe(50);
    expect(perPageFor(1_000)).toBe(100);
    expect(perPageFor(202)).toBe(100);
  });
});
