const DAY = 86_400_000;

/** "in 3 days", "today", "2 days ago" — the countdown to an expiry. */
export function countdown(iso: string | null, now: Date = new Date()): string {
  if (iso === null) return 'never expires';
  const ms = Date.parse(iso) - now.getTime();
  if (Number.isNaN(ms)) return 'unknown';
  const days = Math.floor(Math.abs(ms) / DAY);
  if (ms >= 0) {
    if (days === 0) return `expires in ${Math.max(1, Math.floor(ms / 3_600_000))} h`;
    return `expires in ${days} day${days === 1 ? '' : 's'}`;
  }
  if (days === 0) return 'expired today';
  return `expired ${days} day${days === 1 ? '' : 's'} ago`;
}

/** "3 min ago", "2 days ago", "never". */
export function ago(iso: string | null, now: Date = new Date()): string {
  if (iso === null) return 'never';
  const ms = now.getTime() - Date.parse(iso);
  if (Number.isNaN(ms)) return 'unknown';
  if (ms < 60_000) return 'just now';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < DAY) return `${Math.floor(ms / 3_600_000)} h ago`;
  const days = Math.floor(ms / DAY);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** A date as the reader's locale writes it, with the ISO value for a tooltip. */
export function dateText(iso: string | null): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** `insufficient_scope` → "insufficient scope". */
export function statusText(status: string): string {
  return status.replaceAll('_', ' ');
}

/** A status badge's colour class. */
export function statusTone(status: string): 'ok' | 'warn' | 'bad' | 'muted' {
  switch (status) {
    case 'active':
      return 'ok';
    case 'expiring':
    case 'stale':
    case 'suspect':
    case 'insufficient_scope':
      return 'warn';
    case 'expired':
    case 'invalid':
    case 'undecryptable':
      return 'bad';
    default:
      return 'muted';
  }
}

/** Scopes as chips: the ones held, then the missing ones (scopesToAdd) flagged. */
export function scopeChips(
  held: readonly string[] | null,
  toAdd: readonly string[],
): { name: string; missing: boolean }[] {
  const have = (held ?? []).map((name) => ({ name, missing: false }));
  const missing = toAdd
    .filter((name) => !(held ?? []).includes(name))
    .map((name) => ({ name, missing: true }));
  return [...have, ...missing];
}

/** A capability's verdict from the report's `capabilities` map: true, false, or null (cannot know). */
export function capabilityVerdict(
  capabilities: Record<string, unknown> | null,
  name: string,
): boolean | null {
  const value = capabilities?.[name];
  return typeof value === 'boolean' ? value : null;
}

/**
 * A Refresh All queue's label: its host, without repeating the forge. Queue keys are
 * `${forge} ${apiUrl}` (src/services/refresh); the API URL shows as its host name.
 */
export function hostLabel(key: string, forge: string): string {
  const rest = key.startsWith(`${forge} `) ? key.slice(forge.length + 1) : key;
  try {
    return new URL(rest).host;
  } catch {
    return rest === forge ? '' : rest;
  }
}
