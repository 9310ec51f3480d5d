import { describe, expect, it } from 'vitest';
import { recordCanary } from '../../sandbox/canary.js';
import {
  atlassianApiToken,
  githubClassicToken,
  githubFineGrainedToken,
  gitlabPersonalToken,
} from '../../sandbox/token-formats.js';
import { safeUrl } from './safe-url.js';
import { hasTokenText, scrubDeep, scrubTokenText } from './scrub.js';

const TOKENS = [
  githubClassicToken(),
  githubFineGrainedToken(),
  gitlabPersonalToken('routable', 7),
  atlassianApiToken(),
];
for (const token of TOKENS) recordCanary(token);

describe('scrubTokenText', () => {
  it('masks every token-shaped substring, whatever surrounds it', () => {
    for (const token of TOKENS) {
      const text = `before "${token}", after=${token}\n`;
      const scrubbed = scrubTokenText(text);
      expect(scrubbed).not.toContain(token);
      expect(scrubbed).toContain(`…${token.slice(-4)}`);
      expect(hasTokenText(text)).toBe(true);
    }
  });

  it('leaves ordinary words, URLs and prefixes alone', () => {
    for (const text of [
      'global-settings-page',
      'https://github.com/settings/tokens/new?scopes=repo',
      'a glpat- token',
      'ghp_ is the classic prefix',
    ]) {
      expect(scrubTokenText(text)).toBe(text);
      expect(hasTokenText(text)).toBe(false);
    }
  });

  it('scrubs keys and values deep inside error details', () => {
    const [token] = TOKENS;
    expect(JSON.stringify(scrubDeep({ list: [token], [token!]: { nested: token } }))).not.toContain(token);
  });
});

describe('safeUrl', () => {
  it('drops query strings and masks token-shaped or over-long path segments', () => {
    const [token, , gitlab] = TOKENS;
    expect(safeUrl(`/api/v1/tokens?token=${token}`)).toBe('/api/v1/tokens?…');
    expect(safeUrl(`/api/v1/tokens/${token}`)).toBe('/api/v1/tokens/…');
    expect(safeUrl(`/x/${encodeURIComponent(gitlab!)}`)).toBe('/x/…');
    expect(safeUrl(`/x/${'a'.repeat(80)}`)).toBe('/x/…(80)');
    expect(safeUrl('/api/v1/tokens/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toBe(
      '/api/v1/tokens/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    );
    expect(safeUrl('/healthz')).toBe('/healthz');
  });
});
