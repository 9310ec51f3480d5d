/**
 * Finds token text in captured output. A leak is any 10-character window of a token: the mask
 * (`prefix…last4`) never has one, while any useful fragment of the token does.
 */
export function findLeaks(haystack: string, tokens: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const token of tokens) {
    for (let i = 0; i + 10 <= token.length; i++) {
      const window = token.slice(i, i + 10);
      if (haystack.includes(window)) {
        leaks.push(`${token.slice(0, 4)}… (window at ${i})`);
        break;
      }
    }
  }
  return leaks;
}
