import type { Command } from 'commander';
import { runCommand } from '../run-command.js';
import { vaultOptions } from './vault-options.js';

/**
 * `forgekeeper git …` (rules, setup, doctor), `forgekeeper agent …` and `forgekeeper exec`: git and
 * CI (docs/git.md, docs/ci.md). Each action loads its command module only when it runs (main.ts).
 */
export function registerGit(program: Command): void {
  const git = program
    .command('git')
    .description('Use the vault from git: the credential helper, rules per repository, setup and diagnosis.');
  const rule = git
    .command('rule')
    .description('Rules that choose a token per repository (github.com/acme/* → work).');
  const rules = () => import('../commands/git-rules.js');

  vaultOptions(
    rule
      .command('add')
      .description('Give the repositories matching PATTERN the token TOKEN.')
      .argument('<pattern>', 'HOST[:PORT][/PATH…], a path segment may be * (github.com/acme/*)')
      .argument('<token>', 'the token: its id, a unique id prefix (6+ characters) or its label'),
  ).action((pattern, token, options) =>
    runCommand(async () => (await rules()).gitRuleAddCommand(pattern, token, options)),
  );
  vaultOptions(rule.command('list').description('List the rules, most specific first.')).action((options) =>
    runCommand(async () => (await rules()).gitRuleListCommand(options)),
  );
  vaultOptions(
    rule.command('remove').description('Remove a rule.').argument('<rule>', 'the rule: its pattern or id'),
  ).action((ref, options) => runCommand(async () => (await rules()).gitRuleRemoveCommand(ref, options)));

  vaultOptions(
    git
      .command('setup')
      .description('Configure git to ask Forgekeeper for credentials (idempotent; prints what it wrote).')
      .option('--global', 'write ~/.gitconfig (the default)')
      .option('--local', "write this repository's .git/config")
      .option(
        '--host <host>',
        'only for this host: a configured host name, a forge host or a URL (repeatable)',
        collect,
        [],
      )
      .option(
        '--remote <url>',
        'remote mode: ask this Forgekeeper server (API key from stdin or --api-key-env)',
      )
      .option('--api-key-env <name>', 'with --remote: read the API key from this environment variable'),
  ).action((options) =>
    runCommand(async () => (await import('../commands/git-setup.js')).gitSetupCommand(options)),
  );

  vaultOptions(
    git
      .command('doctor')
      .description('Explain which token git will get for a repository URL, and why. Never prints the token.')
      .argument('<url>', 'the remote URL, e.g. https://github.com/acme/app.git')
      .option('--no-path', 'as git asks when credential.useHttpPath is off (host only)'),
  ).action((url, options) =>
    runCommand(async () => (await import('../commands/git-doctor.js')).gitDoctorCommand(url, options)),
  );
}

/** `forgekeeper agent start|stop|status|run`: the local agent the git helper asks first. */
export function registerAgent(program: Command): void {
  const agent = program
    .command('agent')
    .description('The local agent: keeps the vault open so the git helper answers fast (like ssh-agent).');
  const load = () => import('../commands/agent.js');
  vaultOptions(agent.command('start').description('Start the agent in the background.')).action((options) =>
    runCommand(async () => (await load()).agentStartCommand(options)),
  );
  vaultOptions(agent.command('stop').description('Stop the agent.')).action((options) =>
    runCommand(async () => (await load()).agentStopCommand(options)),
  );
  vaultOptions(agent.command('status').description('Say whether the agent runs, and where.')).action(
    (options) => runCommand(async () => (await load()).agentStatusCommand(options)),
  );
  vaultOptions(
    agent
      .command('run')
      .description('Run the agent in the foreground (for a service manager) until stopped.'),
  ).action((options) => runCommand(async () => (await load()).agentRunCommand(options)));
}

/** `forgekeeper exec [--token SELECTOR …] -- COMMAND`: tokens for one child process (CI). */
export function registerExec(program: Command): void {
  vaultOptions(
    program
      .command('exec')
      .description(
        'Run COMMAND with tokens in the variables tools expect (GH_TOKEN, GITLAB_TOKEN, …) and git set to ask Forgekeeper, for that command only.',
      )
      .option(
        '--token <selector>',
        'a token (id, id prefix or label) to expose; repeatable (default: each forge’s default)',
        collect,
        [],
      )
      .option('--no-git', 'do not configure the git credential helper for the command')
      .argument('<command...>', 'the command and its arguments (after --)'),
  ).action((command, options) =>
    runCommand(async () => (await import('../commands/exec.js')).execCommand(command, options)),
  );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
