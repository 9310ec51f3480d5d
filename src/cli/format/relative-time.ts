const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long from now until `iso`, in the largest whole unit that fits: `3 min`, `5 h`, `12 d`. */
function span(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.floor(ms / MINUTE))} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} d`;
}

/** The expiry countdown of lists: `in 12 d`, `in 5 h`, `expired 3 d ago`, `never`. */
export function countdown(expiresAt: string | null, now: Date): string {
  if (expiresAt === null) return 'never';
  const ms = Date.parse(expiresAt) - now.getTime();
  return ms > 0 ? `in ${span(ms)}` : `expired ${span(-ms)} ago`;
}

/** A past instant as people say it: `just now`, `5 min ago`, `3 d ago`; `never` for null. */
export function ago(at: string | null, now: Date): string {
  if (at === null) return 'never';
  const ms = now.getTime() - Date.parse(at);
  return ms < MINUTE ? 'just now' : `${span(ms)} ago`;
}

/** An instant to the second, in UTC: `2026-05-01 12:03:04Z`. */
export function utcTime(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')}Z`;
}
