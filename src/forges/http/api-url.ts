/** An API base URL without trailing slashes, so `${apiUrl}/user` never doubles a slash. */
export function normaliseApiUrl(apiUrl: string): string {
  return apiUrl.trim().replace(/\/+$/, '');
}

/** The part of `url` before `suffix` (a path ending such as `/api/v4`), or null when it does not end so. */
export function stripPathSuffix(url: string, suffix: RegExp): string | null {
  const base = normaliseApiUrl(url);
  const match = suffix.exec(base);
  return match ? base.slice(0, match.index) : null;
}

/** The URL's hostname, or null when `url` is not a valid absolute URL (never throws). */
export function hostnameOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** The URL's path without trailing slashes ('' for the root or an invalid URL; never throws). */
export function pathnameOf(url: string): string {
  try {
    return new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}
