/**
 * A comma-separated header list (`X-OAuth-Scopes: repo, user`, Bitbucket `x-oauth-scopes`) → its
 * items. Present but empty → `[]` (e.g. a classic GitHub token with no scopes); absent → `null`
 * (unknown, which is not the same as empty).
 */
export function parseCommaList(value: string | null): string[] | null {
  if (value === null) return null;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
