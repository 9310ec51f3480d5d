/**
 * Finds token text in captured output. A leak is any 10-character window of a token: the mask
 * (`prefix…last4`) never has one, while any useful fragment of the token does.
 */
const PREFIX = /^(github_pat_|gh[a-z]_|gl[a-z]+-|ATATT3|ATCTT3|ATBB)/;

export function findLeaks(haystack: string, tokens: readonly string[]): string[] {
  const leaks: string[] = [];
  for (const token of tokens) {
    // The prefix (`github_pat_`, `glpat-`, …) is shown on purpose in masks; the rest never is.
    const start = PREFIX.exec(token)?.[0].length ?? 0;
    for (let i = start; i + 10 <= token.length; i++) {
      const window = token.slice(i, i + 10);
      if (haystack.includes(window)) {
        leaks.push(`${token.slice(0, 4)}… (window at ${i})`);
        break;
      }
    }
  }
  return leaks;
}
