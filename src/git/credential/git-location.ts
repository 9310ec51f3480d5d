/**
 * Where git meets a forge: the web URL of a token's forge instance (each forge definition's
 * `webUrl(apiUrl)`) as git's credential attributes see it — protocol, host with port, and the path
 * prefix the forge lives under (the sandbox serves three forges on one host:port under `/github`,
 * `/gitlab`, `/bitbucket`).
 */
export interface GitLocation {
  protocol: string;
  /** Lower-cased, with the port when the URL has a non-default one (as git writes `host=`). */
  host: string;
  /** Path segments the forge lives under; empty for a forge at the root. */
  prefix: string[];
}

/** What git asked about, reduced to what selection needs. */
export interface GitTarget {
  protocol: string;
  host: string;
  /** Repository path segments (no leading slash, no `.git`); null without `credential.useHttpPath`. */
  path: string[] | null;
}

export function locationOf(webUrl: string): GitLocation | null {
  let url: URL;
  try {
    url = new URL(webUrl);
  } catch {
    return null;
  }
  return {
    protocol: url.protocol.replace(/:$/, '').toLowerCase(),
    host: url.host.toLowerCase(),
    prefix: segments(url.pathname),
  };
}

export function targetOf(protocol: string, host: string, path: string | null | undefined): GitTarget {
  return {
    protocol: protocol.toLowerCase(),
    host: host.toLowerCase(),
    path: path === null || path === undefined || path === '' ? null : segments(path),
  };
}

/** Path segments without empty ones, the last one without `.git`. */
export function segments(path: string): string[] {
  const parts = path.split('/').filter((part) => part !== '');
  const last = parts.length - 1;
  if (last >= 0) parts[last] = (parts[last] ?? '').replace(/\.git$/i, '');
  return parts.filter((part) => part !== '');
}

export type LocationMatch =
  /** Same host, and the path is under the prefix: `rest` is the repository path inside the forge. */
  | { type: 'yes'; rest: string[] | null }
  /** Same host, no path to tell (useHttpPath off) and the forge lives under a prefix. */
  | { type: 'maybe' }
  | { type: 'no' };

export function matchLocation(location: GitLocation, target: GitTarget): LocationMatch {
  if (location.protocol !== target.protocol || location.host !== target.host) return { type: 'no' };
  if (location.prefix.length === 0) return { type: 'yes', rest: target.path };
  if (target.path === null) return { type: 'maybe' };
  const under = location.prefix.every(
    (part, index) => target.path?.[index]?.toLowerCase() === part.toLowerCase(),
  );
  return under ? { type: 'yes', rest: target.path.slice(location.prefix.length) } : { type: 'no' };
}
