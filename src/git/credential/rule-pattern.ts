import { segments } from './git-location.js';

/**
 * Git rules (`forgekeeper git rule add github.com/acme/* work`): `[scheme://]host[:port][/path…]`.
 * Path segments match literally (case-insensitively), `*` matches one segment, and a `*` (or `**`)
 * at the end matches one segment or more, so `gitlab.com/acme/*` covers GitLab subgroups. A pattern
 * without a path is a host rule: the only kind that applies when git gives no path (useHttpPath off).
 */
export interface RulePattern {
  protocol: string | null;
  host: string;
  path: string[];
}

const HOST = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/;

/** Parses and normalises a pattern; null when it is not one. */
export function parseRulePattern(text: string): RulePattern | null {
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  const rest = scheme === null ? trimmed : trimmed.slice(scheme[0].length);
  const [hostPart = '', ...pathParts] = rest.split('/');
  const host = hostPart.toLowerCase();
  if (!HOST.test(host)) return null;
  const path = segments(pathParts.join('/'));
  if (path.some((part) => /[*]/.test(part) && part !== '*' && part !== '**')) return null;
  const starAt = path.indexOf('**');
  if (starAt !== -1 && starAt !== path.length - 1) return null;
  return {
    protocol: scheme?.[1]?.toLowerCase() ?? null,
    host,
    path: path.map((p) => (p === '**' ? '*' : p)),
  };
}

/** The canonical text of a pattern, as stored. */
export function formatRulePattern(pattern: RulePattern): string {
  const scheme = pattern.protocol === null ? '' : `${pattern.protocol}://`;
  return [`${scheme}${pattern.host}`, ...pattern.path].join('/');
}

/**
 * Whether the pattern covers a repository: `path` is the full repository path as git gives it
 * (segments, no `.git`), or null when git gave none — then only host rules match.
 */
export function ruleMatches(
  pattern: RulePattern,
  protocol: string,
  host: string,
  path: string[] | null,
): boolean {
  if (pattern.protocol !== null && pattern.protocol !== protocol.toLowerCase()) return false;
  if (pattern.host !== host.toLowerCase()) return false;
  if (pattern.path.length === 0) return true;
  if (path === null) return false;
  const last = pattern.path.length - 1;
  for (let i = 0; i <= last; i++) {
    const want = pattern.path[i] ?? '';
    const have = path[i];
    if (have === undefined) return false;
    if (want === '*') {
      if (i === last) return true;
      continue;
    }
    if (want.toLowerCase() !== have.toLowerCase()) return false;
  }
  return path.length === pattern.path.length;
}

/** Higher is more specific: literal segments first, then exactness, then length, then a protocol. */
export function specificity(pattern: RulePattern): number {
  const literal = pattern.path.filter((part) => part !== '*').length;
  const exact = pattern.path.length === 0 || pattern.path.includes('*') ? 0 : 1;
  return literal * 1000 + exact * 100 + pattern.path.length * 10 + (pattern.protocol === null ? 0 : 1);
}
