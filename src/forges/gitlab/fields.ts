/* Readers of GitLab response fields (forges.md §2.3, §2.4). Pure functions. */

/**
 * GitLab `expires_at` → the instant the token stops: the date's midnight UTC (forges.md §2.3:
 * "the token expires at midnight UTC that day"), e.g. `2027-01-01` → `2027-01-01T00:00:00.000Z`.
 * A full timestamp (the OpenAPI spec's date-time reading) is accepted too.
 */
export function parseExpiresAt(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return isoOrNull(`${trimmed}T00:00:00Z`);
  return isoOrNull(trimmed);
}

/** A GitLab timestamp (`last_used_at`, `created_at`) normalised to ISO 8601 UTC, or null. */
export function parseTimestamp(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return isoOrNull(value.trim());
}

function isoOrNull(text: string): string | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The scopes an `insufficient_scope` body says were needed: `"api"`, `"api read_api"` or `["api"]`. */
export function parseRequiredScopes(scope: string | string[] | undefined): string[] {
  if (scope === undefined) return [];
  const list = Array.isArray(scope) ? scope : scope.split(/[\s,]+/);
  return list.map((s) => s.trim()).filter((s) => s !== '');
}
