import type { ForgeId } from './types.js';

const PREFIXES: readonly [string, ForgeId][] = [
  ['github_pat_', 'github'],
  ['ghp_', 'github'],
  ['gho_', 'github'],
  ['ghu_', 'github'],
  ['ghs_', 'github'],
  ['glpat-', 'gitlab'],
  ['ATATT3', 'bitbucket'],
  ['ATCTT3', 'bitbucket'],
  ['ATBB', 'bitbucket'],
];

/** The forge a pasted token belongs to, from its prefix; null when the prefix says nothing. */
export function detectForge(pasted: string): ForgeId | null {
  const text = pasted.trim();
  return PREFIXES.find(([prefix]) => text.startsWith(prefix))?.[1] ?? null;
}

/** Bitbucket API tokens (ATATT3…) are used with the Atlassian account email. */
export function needsEmail(forge: ForgeId, pasted: string): boolean {
  return forge === 'bitbucket' && !pasted.trim().startsWith('ATCTT3');
}
