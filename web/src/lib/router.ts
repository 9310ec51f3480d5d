import { useCallback, useEffect, useState } from 'react';

export const PAGES = [
  { path: '/tokens', title: 'Personal Access Tokens' },
  { path: '/audit', title: 'Audit log' },
  { path: '/api-keys', title: 'API keys' },
] as const;

export type PagePath = (typeof PAGES)[number]['path'];

/** The page for a location path; unknown paths show the tokens page. */
export function pageOf(pathname: string): PagePath {
  return PAGES.find((page) => page.path === pathname)?.path ?? '/tokens';
}

/** The current page, and a way to go to another (history.pushState; back and forward work). */
export function useRoute(): [PagePath, (path: PagePath) => void] {
  const [path, setPath] = useState<PagePath>(() => pageOf(window.location.pathname));
  useEffect(() => {
    const onPop = () => setPath(pageOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((next: PagePath) => {
    if (window.location.pathname !== next) window.history.pushState(null, '', next);
    setPath(next);
  }, []);
  return [path, go];
}
