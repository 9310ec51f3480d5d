import { describe, expect, it } from 'vitest';
import { capOf, decodeCursor, encodeCursor, nextLink, perPageFor } from './pages.js';

const API = 'https://gitlab.example.com/api/v4';

describe('GitLab list cursors (forges.md §2.8)', () => {
  it('round-trips the next URL, with the items of its page already returned', () => {
    const url = `${API}/projects?membership=true&pagination=keyset&id_after=42&per_page=100`;
    expect(decodeCursor(encodeCursor(url, 0), API)).toEqual({ ok: true, value: { url, skip: 0 } });
    expect(decodeCursor(encodeCursor(url, 37), API)).toEqual({ ok: true, value: { url, skip: 37 } });
  });

  it.each([
    ['another host', 'https://evil.example/api/v4/projects'],
    ['another scheme', 'http://gitlab.example.com/api/v4/projects'],
    ['outside the API path', 'https://gitlab.example.com/admin/projects'],
    ['credentials in the URL', 'https://user:pw@gitlab.example.com/api/v4/projects'],
  ])('refuses a cursor to %s', (_name, url) => {
    const decoded = decodeCursor(Buffer.from(url).toString('base64url'), API);
    expect(decoded.ok ? 'ok' : decoded.error.code).toBe('invalid_input');
  });

  it('refuses garbage', () => {
    const decoded = decodeCursor('%%%not-base64', API);
    expect(decoded.ok).toBe(false);
  });

  it('reads rel="next" among the other relations', () => {
    const link = `<${API}/p?page=1>; rel="prev", <${API}/p?page=3>; rel="next", <${API}/p?page=1>; rel="first"`;
    expect(nextLink(link)).toBe(`${API}/p?page=3`);
    expect(nextLink(`<${API}/p?page=1>; rel="first"`)).toBeNull();
    expect(nextLink(null)).toBeNull();
  });

  it('caps between 1 and 1,000 (default 100) and asks for pages of at most 100', () => {
    expect(capOf(undefined)).toEqual({ ok: true, value: 100 });
    expect(capOf({ cap: 0 }).ok).toBe(false);
    expect(capOf({ cap: 1.5 }).ok).toBe(false);
    expect(capOf({ cap: 1_001 }).ok).toBe(false);
    expect(perPageFor(40)).toBe(40);
    expect(perPageFor(1_000)).toBe(100);
  });
});
