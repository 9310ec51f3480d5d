import { describe, expect, it } from 'vitest';
import { FORGES, type ForgeId } from '../domain/forge.js';
import { Secret } from '../domain/secret.js';
import { createAdapter, FORGE_DEFINITIONS } from './registry.js';

describe('FORGE_DEFINITIONS', () => {
  it.each<[ForgeId, string]>([
    ['github', 'https://api.github.com'],
    ['gitlab', 'https://gitlab.com/api/v4'],
    ['bitbucket', 'https://api.bitbucket.org/2.0'],
  ])('%s defaults to %s', (forge, url) => {
    expect(FORGE_DEFINITIONS[forge].defaultApiUrl).toBe(url);
    expect(createAdapter(forge).apiUrl).toBe(url);
  });

  it('registers every forge under its own id', () => {
    for (const forge of FORGES) expect(FORGE_DEFINITIONS[forge].id).toBe(forge);
  });

  it('drops trailing slashes from a given API URL', () => {
    expect(createAdapter('gitlab', { apiUrl: 'https://git.example/api/v4//' }).apiUrl).toBe(
      'https://git.example/api/v4',
    );
  });

  it.each<[ForgeId, string, string]>([
    ['github', 'https://api.github.com', 'https://github.com'],
    ['github', 'https://api.github.com/', 'https://github.com'],
    ['github', 'https://ghe.example.com/api/v3', 'https://ghe.example.com'],
    ['github', 'http://127.0.0.1:4010/github/api/v3', 'http://127.0.0.1:4010/github'],
    ['gitlab', 'https://gitlab.com/api/v4', 'https://gitlab.com'],
    ['gitlab', 'https://example.com/gitlab/api/v4/', 'https://example.com/gitlab'],
    ['gitlab', 'http://127.0.0.1:4010/gitlab/api/v4', 'http://127.0.0.1:4010/gitlab'],
    ['bitbucket', 'https://api.bitbucket.org/2.0', 'https://bitbucket.org'],
    ['bitbucket', 'http://127.0.0.1:4010/bitbucket/2.0', 'http://127.0.0.1:4010/bitbucket'],
  ])('%s webUrl(%s) = %s', (forge, api, web) => {
    expect(FORGE_DEFINITIONS[forge].webUrl(api)).toBe(web);
  });

  it('creates independent adapters (no module-level state)', () => {
    const a = createAdapter('github', { apiUrl: 'https://a.example/api/v3' });
    const b = createAdapter('github', { apiUrl: 'https://b.example/api/v3' });
    expect(a.apiUrl).not.toBe(b.apiUrl);
    expect(a).not.toBe(b);
  });

  it.each(FORGES)('%s: an invalid API URL is data, never a throw', async (forge) => {
    expect(() => FORGE_DEFINITIONS[forge].webUrl('not a url')).not.toThrow();
    const adapter = createAdapter(forge, { apiUrl: 'gitlab.example.com/api/v4', retries: 0 });
    const result = await adapter.inspect(new Secret('t0kenT0kenT0kenT0ken'), 'access_token', {
      email: 'a@b.c',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'forge_unreachable', details: { reason: 'invalid_request' } },
    });
  });
});
