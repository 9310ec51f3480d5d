/**
 * Compares two strings without stopping at the first difference, so the time taken does not tell
 * how much of a guessed checksum was right. Lengths are public (they follow from the format), so a
 * length mismatch may return early.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
