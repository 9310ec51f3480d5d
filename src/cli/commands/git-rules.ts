import { parseRulePattern, specificity } from '../../git/credential/rule-pattern.js';
import { addGitRule, listGitRules, removeGitRule } from '../../services/git-rules/index.js';
import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { formatTable } from '../format/table.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { resolveToken } from '../vault/resolve-token.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';

/** `git rule add PATTERN TOKEN`: repositories matching PATTERN get TOKEN from the git helper. */
export async function gitRuleAddCommand(
  pattern: string,
  ref: string,
  options: VaultOptions,
): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const vault = await open();
    const token = await resolveToken(vault, ref);
    const rule = orFail(
      await addGitRule(vault, { ownerId: LOCAL_OWNER_ID, pattern, tokenId: token.id, actor: CLI_ACTOR }),
    );
    if (options.json) printJson(rule);
    else {
      const name = token.label === null ? token.id : `"${token.label}"`;
      process.stdout.write(`Rule ${rule.pattern} → token ${name}.\n`);
      if (parseRulePattern(rule.pattern)?.path.length)
        process.stdout.write(
          'git gives the repository path only with credential.useHttpPath (forgekeeper git setup turns it on).\n',
        );
    }
    return EXIT.ok;
  });
}

/** `git rule list`: the rules, the most specific first (the order selection prefers them in). */
export async function gitRuleListCommand(options: VaultOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const vault = await open();
    const rules = orFail(await listGitRules(vault, LOCAL_OWNER_ID));
    const score = (pattern: string) => {
      const parsed = parseRulePattern(pattern);
      return parsed === null ? -1 : specificity(parsed);
    };
    const sorted = [...rules].sort((a, b) => score(b.pattern) - score(a.pattern));
    if (options.json) {
      printJson(sorted);
      return EXIT.ok;
    }
    if (sorted.length === 0) {
      process.stdout.write('No git rules. Add one: forgekeeper git rule add github.com/acme/* TOKEN\n');
      return EXIT.ok;
    }
    const tokens = orFail(await vault.list(LOCAL_OWNER_ID));
    const rows = sorted.map((rule) => {
      const token = tokens.find((t) => t.id === rule.tokenId);
      return [
        rule.pattern,
        token?.label ?? rule.tokenId,
        token?.account?.login ?? '',
        token?.status ?? '',
        rule.id,
      ];
    });
    process.stdout.write(formatTable(['PATTERN', 'TOKEN', 'ACCOUNT', 'STATUS', 'ID'], rows));
    return EXIT.ok;
  });
}

export async function gitRuleRemoveCommand(ref: string, options: VaultOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const vault = await open();
    const rule = orFail(await removeGitRule(vault, { ownerId: LOCAL_OWNER_ID, ref, actor: CLI_ACTOR }));
    if (options.json) printJson(rule);
    else process.stdout.write(`Removed the rule ${rule.pattern}.\n`);
    return EXIT.ok;
  });
}
