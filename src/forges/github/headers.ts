/*
 * Readers of GitHub's token headers (forges.md §1.3, §1.4). Pure functions over header values, read
 * case-insensitively from the response (`ResponseHeaders`).
 */

import { parseCommaList } from '../http/comma-list.js';

/** `X-OAuth-Scopes` / `X-Accepted-OAuth-Scopes`: `repo, user` → `['repo', 'user']`; empty → `[]`; absent → `null`. */
export const parseOAuthScopes = parseCommaList;

const EXPIRATION = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?\s*(UTC|GMT|Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `github-authentication-token-expiration` → ISO 8601 in UTC, or null. Both forms seen in the wild:
 * `2021-10-07 19:07:53 UTC` and `2027-03-31 00:00:00 +0900` (forges.md §1.3). A missing zone is UTC.
 */
export function parseTokenExpiration(value: string | null): string | null {
  if (value === null) return null;
  const match = EXPIRATION.exec(value.trim());
  if (!match) return null;
  const [, date, time, zone = 'UTC'] = match;
  const offset = /^(UTC|GMT|Z)$/i.test(zone) ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${date}T${time}${offset}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * `X-Accepted-GitHub-Permissions`: comma = AND, `; ` = alternative sets (forges.md §1.3), e.g.
 * `pull_requests=write,contents=read; organization_projects=admin` →
 * `[{pull_requests:'write', contents:'read'}, {organization_projects:'admin'}]`.
 */
export function parseAcceptedPermissions(value: string | null): Record<string, string>[] {
  if (value === null) return [];
  return value
    .split(';')
    .map((set) =>
      Object.fromEntries(
        set
          .split(',')
          .map((pair) => pair.trim().split('='))
          .filter((kv): kv is [string, string] => kv.length === 2 && kv[0] !== '' && kv[1] !== '')
          .map(([k, v]) => [k.trim(), v.trim()]),
      ),
    )
    .filter((set) => Object.keys(set).length > 0);
}

/** `X-GitHub-SSO: required; url=<authorize url>` → the URL; any other value (e.g. `partial-results`) → null. */
export function parseSsoRequired(value: string | null): { authorizeUrl: string | null } | null {
  if (value === null || !/^\s*required\b/i.test(value)) return null;
  const url = /\burl=(\S+)/i.exec(value)?.[1] ?? null;
  return { authorizeUrl: url };
}
