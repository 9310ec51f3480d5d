import { UNUSABLE } from '../../domain/vault-status.js';
import type { TokenView } from '../../services/vault/index.js';
import type { GitRule } from '../../store/index.js';
import { type GitLocation, type GitTarget, matchLocation } from './git-location.js';
import { parseRulePattern, ruleMatches, specificity } from './rule-pattern.js';
import { MAGIC_USERNAMES } from './usernames.js';

/** A stored token with where its forge lives for git. */
export interface Candidate {
  token: TokenView;
  /** null when the token's web URL could not be read. */
  location: GitLocation | null;
}

export type SelectionReason = 'rule' | 'username' | 'default' | 'only';

/**
 * What selection decided and why: `steps` is the explanation `git doctor` prints, in order. A
 * refusal (a chosen token that is expired or dead) is final: giving another account's token instead
 * would push as the wrong person, so git falls through to its next helper.
 */
export interface Selection {
  token: TokenView | null;
  reason: SelectionReason | null;
  steps: string[];
}

export interface SelectInput {
  target: GitTarget;
  /** The username git already has (from the URL or `credential.username`), if any. */
  username: string | null;
  candidates: readonly Candidate[];
  rules: readonly GitRule[];
  now: Date;
}

/**
 * Chooses the token for a repository (docs/git.md "Choosing a token"): the host's tokens; then the
 * most specific rule whose pattern matches; then the account git named; then the host's default;
 * then the host's only token. Without a path (useHttpPath off) only host rules apply, and a host
 * that holds several forges under path prefixes cannot be told apart.
 */
export function selectToken(input: SelectInput): Selection {
  const { target, candidates, now } = input;
  const steps: string[] = [];
  const onHost = candidates.filter(
    (c) => c.location !== null && matchLocation(c.location, target).type !== 'no',
  );
  const describeTarget = `${target.protocol}://${target.host}${target.path === null ? '' : `/${target.path.join('/')}`}`;
  if (onHost.length === 0) {
    steps.push(`No stored token is for ${describeTarget}.`);
    return { token: null, reason: null, steps };
  }
  steps.push(`${onHost.length} stored token(s) for ${target.protocol}://${target.host}.`);
  if (target.path === null)
    steps.push('git gave no repository path (credential.useHttpPath is off): only host rules apply.');

  const rule = bestRule(input, steps);
  if (rule !== null) {
    const chosen = onHost.find((c) => c.token.id === rule.tokenId);
    if (chosen === undefined) {
      steps.push(`Rule ${rule.pattern} names a token of another host; ignored.`);
    } else {
      return decide(chosen.token, 'rule', `Rule ${rule.pattern} → ${name(chosen.token)}.`, steps, now);
    }
  } else {
    steps.push('No rule matches.');
  }

  // The path narrows the candidates to one forge when several share a host under prefixes.
  const sure = onHost.filter((c) => c.location !== null && matchLocation(c.location, target).type === 'yes');
  const pool = target.path === null ? onHost : sure;
  const username = input.username;
  if (username !== null && username !== '' && !MAGIC_USERNAMES.has(username.toLowerCase())) {
    const named = pool.filter((c) => c.token.account?.login?.toLowerCase() === username.toLowerCase());
    if (named.length === 1 && named[0] !== undefined) {
      return decide(
        named[0].token,
        'username',
        `git asked for user ${username}: ${name(named[0].token)}.`,
        steps,
        now,
      );
    }
    steps.push(
      named.length === 0
        ? `git asked for user ${username}; no token of that account.`
        : `git asked for user ${username}; ${named.length} tokens of that account.`,
    );
  }

  const defaults = pool.filter((c) => c.token.isDefault);
  if (defaults.length === 1 && defaults[0] !== undefined) {
    return decide(
      defaults[0].token,
      'default',
      `Default token for the host: ${name(defaults[0].token)}.`,
      steps,
      now,
    );
  }
  if (pool.length === 1 && pool[0] !== undefined) {
    return decide(pool[0].token, 'only', `The host's only token: ${name(pool[0].token)}.`, steps, now);
  }
  steps.push(
    defaults.length > 1
      ? `${defaults.length} defaults share this host (several forges under path prefixes): turn on credential.useHttpPath (forgekeeper git setup).`
      : pool.length === 0
        ? `No token's forge lives under /${target.path?.join('/') ?? ''}.`
        : `${pool.length} tokens and no default: add a rule (forgekeeper git rule add) or choose a default (forgekeeper tokens default).`,
  );
  return { token: null, reason: null, steps };
}

function bestRule(input: SelectInput, steps: string[]): GitRule | null {
  const { target } = input;
  let best: { rule: GitRule; score: number } | null = null;
  for (const rule of input.rules) {
    const pattern = parseRulePattern(rule.pattern);
    if (pattern === null) continue;
    if (!ruleMatches(pattern, target.protocol, target.host, target.path)) continue;
    const score = specificity(pattern);
    steps.push(`Rule ${rule.pattern} matches.`);
    if (best === null || score > best.score) best = { rule, score };
  }
  return best?.rule ?? null;
}

function decide(
  token: TokenView,
  reason: SelectionReason,
  why: string,
  steps: string[],
  now: Date,
): Selection {
  steps.push(why);
  const refusal = refusalOf(token, now);
  if (refusal !== null) {
    steps.push(`${refusal} Nothing is given: git asks its next helper.`);
    return { token: null, reason, steps };
  }
  if (token.expiresAt !== null)
    steps.push(`It expires ${token.expiresAt}; git is told (password_expiry_utc).`);
  return { token, reason, steps };
}

/** Why a token must not be offered: expired (by its stored date too), invalid, undecryptable. */
export function refusalOf(token: TokenView, now: Date): string | null {
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime()) {
    return `${name(token)} expired at ${token.expiresAt}.`;
  }
  if (UNUSABLE.has(token.status)) return `${name(token)} is ${token.status}.`;
  return null;
}

export function name(token: TokenView): string {
  const who = token.account?.login ? ` (${token.account.login})` : '';
  return token.label === null ? `token ${token.id}${who}` : `token "${token.label}"${who}`;
}
