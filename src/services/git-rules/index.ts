import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, type Result } from '../../domain/result.js';
import { formatRulePattern, parseRulePattern } from '../../git/credential/rule-pattern.js';
import type { GitRule } from '../../store/index.js';
import type { Vault } from '../vault/index.js';

/**
 * Git rules of an owner (docs/git.md "Rules"): `github.com/acme/*` → a token. Patterns are
 * normalised before they are stored (lower-case host, no trailing slash, no `.git`), so the same
 * rule typed twice is one rule. Adding and removing are audited.
 */
export async function addGitRule(
  vault: Vault,
  input: { ownerId: string; pattern: string; tokenId: string; actor: string },
): Promise<Result<GitRule, FkError>> {
  const parsed = parseRulePattern(input.pattern);
  if (parsed === null) {
    return err(
      fkError('invalid_input', {
        message: `"${input.pattern}" is not a git rule pattern.`,
        remediation:
          'Write HOST[:PORT][/PATH…], where a path segment may be *, e.g. github.com/acme/* or gitlab.example.com/group/sub/*.',
      }),
    );
  }
  const pattern = formatRulePattern(parsed);
  const added = await vault.store.transaction(async (tx) => {
    const rule = await tx.gitRules.insert({
      id: tx.newId(),
      ownerId: input.ownerId,
      pattern,
      tokenId: input.tokenId,
    });
    if (!rule.ok) return rule;
    const event = await tx.audit.append({
      ownerId: input.ownerId,
      actor: input.actor,
      action: 'git-rule-add',
      tokenId: input.tokenId,
      target: pattern,
      outcome: 'ok',
    });
    return event.ok ? rule : event;
  });
  if (!added.ok && added.error.code === 'conflict') {
    return err(
      fkError('conflict', {
        message: `There is already a rule for ${pattern}.`,
        remediation: 'Remove it first (forgekeeper git rule remove), then add the new one.',
      }),
    );
  }
  return added;
}

export function listGitRules(vault: Vault, ownerId: string): Promise<Result<GitRule[], FkError>> {
  return vault.store.gitRules.list(ownerId);
}

/** Removes the rule with this id, or with this pattern (as typed or normalised). */
export async function removeGitRule(
  vault: Vault,
  input: { ownerId: string; ref: string; actor: string },
): Promise<Result<GitRule, FkError>> {
  const rules = await vault.store.gitRules.list(input.ownerId);
  if (!rules.ok) return rules;
  const parsed = parseRulePattern(input.ref);
  const normalised = parsed === null ? null : formatRulePattern(parsed);
  const rule = rules.value.find(
    (r) => r.id === input.ref || r.pattern === input.ref || r.pattern === normalised,
  );
  if (rule === undefined) {
    return err(
      fkError('not_found', {
        message: `No git rule is "${input.ref}".`,
        remediation: 'List the rules (forgekeeper git rule list) and give a pattern or an id.',
      }),
    );
  }
  return vault.store.transaction(async (tx) => {
    const removed = await tx.gitRules.delete(input.ownerId, rule.id);
    if (!removed.ok) return removed;
    const event = await tx.audit.append({
      ownerId: input.ownerId,
      actor: input.actor,
      action: 'git-rule-remove',
      tokenId: rule.tokenId,
      target: rule.pattern,
      outcome: 'ok',
    });
    return event.ok ? removed : event;
  });
}
