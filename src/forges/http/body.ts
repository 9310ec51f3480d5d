/**
 * Parses a body as JSON without throwing. `undefined` means "not JSON" (empty, HTML, plain text such
 * as GitLab's `Retry later`, truncated garbage); callers decide what that means for them.
 */
export function parseJsonSafely(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '' || !/^[[{"\d\-tfn]/.test(trimmed)) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

/** The first `max` characters of a body, whitespace collapsed: enough to recognise an HTML login page. */
export function snippetOf(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
