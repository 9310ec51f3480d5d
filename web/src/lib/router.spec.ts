import { describe, expect, it } from 'vitest';
import { reposPath, routeOf } from './router.js';

describe('routeOf', () => {
  it('maps the navigation pages and falls back to the tokens page', () => {
    expect(routeOf('/audit')).toEqual({ page: '/audit' });
    expect(routeOf('/users')).toEqual({ page: '/users' });
    expect(routeOf('/account')).toEqual({ page: '/account' });
    expect(routeOf('/')).toEqual({ page: '/tokens' });
    expect(routeOf('/nowhere')).toEqual({ page: '/tokens' });
  });

  it('opens a token’s repositories, and round-trips ids through reposPath', () => {
    expect(routeOf('/tokens/0193a1b2-c3d4/repos')).toEqual({ page: 'repos', tokenId: '0193a1b2-c3d4' });
    expect(routeOf(reposPath('a b/c'))).toEqual({ page: 'repos', tokenId: 'a b/c' });
    expect(routeOf('/tokens/%E0%A4%A/repos')).toEqual({ page: '/tokens' });
    expect(routeOf('/tokens//repos')).toEqual({ page: '/tokens' });
  });
});
