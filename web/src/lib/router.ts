import { useCallback, useEffect, useState } from 'react';

/** The pages of the main navigation; administrators also see Users. */
export const PAGES = [
  { path: '/tokens', title: 'Personal Access Tokens', admin: false },
  { path: '/audit', title: 'Audit log', admin: false },
  { path: '/api-keys', title: 'API keys', admin: false },
  { path: '/users', title: 'Users', admin: true },
  { path: '/account', title: 'Account', admin: false },
] as const;

export type PagePath = (typeof PAGES)[number]['path'];

/** Where the browser is: a page of the navigation, or one token's repositories. */
export type Route = { page: PagePath } | { page: 'repos'; tokenId: string };

/** The repositories of a saved token. */
export function reposPath(tokenId: string): string {
  return `/tokens/${encodeURIComponent(tokenId)}/repos`;
}

/** The route of a location path; unknown paths show the tokens page. */
export function routeOf(pathname: string): Route {
  const repos = /^\/tokens\/([^/]+)\/repos\/?$/.exec(pathname);
  if (repos?.[1] !== undefined) {
    try {
      return { page: 'repos', tokenId: decodeURIComponent(repos[1]) };
    } catch {
      return { page: '/tokens' };
    }
  }
  return { page: PAGES.find((page) => page.path === pathname)?.path ?? '/tokens' };
}

/** The current route, and a way to go to another path (history.pushState; back and forward work). */
export function useRoute(): [Route, (path: string) => void] {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(routeOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((next: string) => {
    if (window.location.pathname !== next) window.history.pushState(null, '', next);
    setRoute(routeOf(next));
    window.scrollTo(0, 0);
  }, []);
  return [route, go];
}
