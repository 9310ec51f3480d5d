import { describe, expect, it } from 'vitest';
import { formatRulePattern, parseRulePattern, ruleMatches, specificity } from './rule-pattern.js';

const pattern = (text: string) => {
  const parsed = parseRulePattern(text);
  if (parsed === null) throw new Error(`not a pattern: ${text}`);
  return parsed;
};
const path = (text: string) => text.split('/');

describe('git rule patterns', () => {
  it('normalises: lower-case host, no trailing slash, no .git, ** as *', () => {
    expect(formatRulePattern(pattern('GitHub.com/acme/App.git/'))).toBe('github.com/acme/App');
    expect(formatRulePattern(pattern('https://gitlab.com/acme/**'))).toBe('https://gitlab.com/acme/*');
    expect(formatRulePattern(pattern('127.0.0.1:8700/github/acme/*'))).toBe('127.0.0.1:8700/github/acme/*');
  });

  it('refuses what is not a pattern', () => {
    for (const bad of ['', '/acme', 'exa mple.com', 'github.com/ac*me', 'github.com/**/x', 'a_b.com']) {
      expect(parseRulePattern(bad), bad).toBeNull();
    }
  });

  it('matches a trailing * over one or more segments, an inner * over exactly one, literals case-insensitively', () => {
    const acme = pattern('gitlab.com/acme/*');
    expect(ruleMatches(acme, 'https', 'gitlab.com', path('acme/app'))).toBe(true);
    expect(ruleMatches(acme, 'https', 'gitlab.com', path('ACME/sub/group/app'))).toBe(true);
    expect(ruleMatches(acme, 'https', 'gitlab.com', path('acme'))).toBe(false);
    expect(ruleMatches(acme, 'https', 'gitlab.com', path('other/app'))).toBe(false);
    const inner = pattern('github.com/*/infra');
    expect(ruleMatches(inner, 'https', 'github.com', path('acme/infra'))).toBe(true);
    expect(ruleMatches(inner, 'https', 'github.com', path('acme/infra/x'))).toBe(false);
    const exact = pattern('github.com/acme/app');
    expect(ruleMatches(exact, 'https', 'github.com', path('acme/app'))).toBe(true);
    expect(ruleMatches(exact, 'https', 'github.com', path('acme/app2'))).toBe(false);
  });

  it('applies only host rules when git gives no path; host and port and protocol must agree', () => {
    expect(ruleMatches(pattern('github.com'), 'https', 'github.com', null)).toBe(true);
    expect(ruleMatches(pattern('github.com/acme/*'), 'https', 'github.com', null)).toBe(false);
    expect(ruleMatches(pattern('example.com:8443'), 'https', 'example.com', null)).toBe(false);
    expect(ruleMatches(pattern('http://example.com'), 'https', 'example.com', null)).toBe(false);
  });

  it('ranks the more specific pattern higher', () => {
    const ranked = ['github.com', 'github.com/*/*', 'github.com/acme/*', 'github.com/acme/app'].map((p) =>
      specificity(pattern(p)),
    );
    expect([...ranked].sort((a, b) => a - b)).toEqual(ranked);
  });
});
