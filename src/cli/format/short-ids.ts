/** Fewest characters an id prefix may have to select a token (`tokens show 019b2c`). */
export const MIN_ID_PREFIX = 6;
/** Fewest characters shown: UUIDv7 ids begin with a timestamp, so shorter prefixes collide quickly. */
const MIN_SHOWN = 8;

/**
 * The shortest prefix of each id that selects it and nothing else among `ids` — no other id starts
 * with it and no label equals it — so what a table shows can be typed back (`tokens show PREFIX`).
 * A prefix never ends on a dash; when nothing shorter works the whole id is shown.
 */
export function shortIds(ids: readonly string[], labels: readonly string[] = []): Map<string, string> {
  const taken = new Set(labels);
  const short = new Map<string, string>();
  for (const id of ids) {
    let length = Math.min(MIN_SHOWN, id.length);
    while (length < id.length && !selectsOnly(id.slice(0, length), id, ids, taken)) length += 1;
    if (id[length - 1] === '-') length += 1;
    short.set(id, id.slice(0, Math.min(length, id.length)));
  }
  return short;
}

function selectsOnly(prefix: string, id: string, ids: readonly string[], labels: ReadonlySet<string>) {
  if (prefix.endsWith('-') || labels.has(prefix)) return false;
  return ids.every((other) => other === id || !other.startsWith(prefix));
}

/** `shortIds` for a list of tokens: unique among their ids, never equal to one of their labels. */
export function tokenShortIds(tokens: readonly { id: string; label: string | null }[]): Map<string, string> {
  return shortIds(
    tokens.map((token) => token.id),
    tokens.flatMap((token) => (token.label ? [token.label] : [])),
  );
}
