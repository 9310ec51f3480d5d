import type { Command } from 'commander';
import { runCommand } from '../run-command.js';
import { forgeOption, vaultOptions } from './vault-options.js';

const TOKEN_REF = 'the token: its id, a unique id prefix (6+ characters) or its label';

/**
 * `forgekeeper tokens …`: the stored tokens of the CLI's owner. Each action loads its command
 * module only when it runs (see main.ts). Tokens are read from stdin, a hidden prompt or
 * `--token-env`, never from argv.
 */
export function registerTokens(program: Command): void {
  const tokens = program
    .command('tokens')
    .description('Keep tokens: add, list, show, check, refresh, remove, rotate, choose defaults and labels.');

  vaultOptions(
    tokens
      .command('add')
      .description('Store a token read from stdin (or a hidden prompt), after checking it at the forge.')
      .addOption(forgeOption('the forge the token is for (else recognised from its format)'))
      .option('--api-url <url>', 'API base URL (GitHub Enterprise Server, self-managed GitLab, the sandbox)')
      .option('--host <name>', 'a configured host (hosts add) instead of --api-url')
      .option('--label <label>', 'a unique name for the token')
      .option('--email <address>', 'Atlassian account email (Bitbucket API tokens)')
      .option('--default', 'make it the default token for its host')
      .option('--require <capabilities>', 'comma-separated capabilities the token must have')
      .option('--token-env <name>', 'read the token from this environment variable instead of stdin'),
  ).action((options) =>
    runCommand(async () => (await import('../commands/tokens-add.js')).tokensAddCommand(options)),
  );

  vaultOptions(
    tokens
      .command('list')
      .description('List the stored tokens (never the token text).')
      .addOption(forgeOption("only this forge's tokens"))
      .option('--host <host>', 'only tokens of this host (a configured name or an API URL)')
      .option('--status <statuses>', 'only these statuses (comma-separated)'),
    'print an array of token records',
  ).action((options) =>
    runCommand(async () => (await import('../commands/tokens-list.js')).tokensListCommand(options)),
  );

  vaultOptions(
    tokens.command('show').description('Show one stored token.').argument('<token>', TOKEN_REF),
  ).action((ref, options) =>
    runCommand(async () => (await import('../commands/tokens-show.js')).tokensShowCommand(ref, options)),
  );

  vaultOptions(
    tokens
      .command('check')
      .description('Check a stored token at the forge now. Exit 0 usable, 1 unusable, 3 could not verify.')
      .argument('<token>', TOKEN_REF)
      .option('--require <capabilities>', 'comma-separated capabilities the token must have'),
  ).action((ref, options) =>
    runCommand(async () => (await import('../commands/tokens-check.js')).tokensCheckCommand(ref, options)),
  );

  vaultOptions(
    tokens
      .command('refresh')
      .description('Check every stored token at its forge (progress on a terminal; Ctrl-C cancels).')
      .option('--concurrency <n>', 'checks in flight per host (default 8)'),
    'print the summary as JSON',
  ).action((options) =>
    runCommand(async () => (await import('../commands/tokens-refresh.js')).tokensRefreshCommand(options)),
  );

  vaultOptions(
    tokens
      .command('remove')
      .description('Delete a stored token; --revoke revokes it at the forge first (or says how).')
      .argument('<token>', TOKEN_REF)
      .option('--revoke', 'revoke the token at the forge first, where the forge allows')
      .option('--yes', 'do not ask for confirmation (required without a terminal)'),
  ).action((ref, options) =>
    runCommand(async () => (await import('../commands/tokens-remove.js')).tokensRemoveCommand(ref, options)),
  );

  vaultOptions(
    tokens
      .command('rotate')
      .description(
        'Replace a token by a new one in the same record. GitLab makes it through its API; for GitHub and Bitbucket give the new token on stdin.',
      )
      .argument('<token>', TOKEN_REF)
      .option('--revoke-old', 'revoke the old token at the forge after a given new token is stored')
      .option('--expires-at <date>', "GitLab API rotation: the new token's expiry date, YYYY-MM-DD")
      .option('--token-env <name>', 'read the new token from this environment variable instead of stdin')
      .option('--email <address>', 'Bitbucket API tokens: the Atlassian account email, if it changed'),
  ).action((ref, options) =>
    runCommand(async () => (await import('../commands/tokens-rotate.js')).tokensRotateCommand(ref, options)),
  );

  vaultOptions(
    tokens
      .command('default')
      .description('Make a token the default for its host.')
      .argument('<token>', TOKEN_REF),
  ).action((ref, options) =>
    runCommand(async () =>
      (await import('../commands/tokens-default.js')).tokensDefaultCommand(ref, options),
    ),
  );

  vaultOptions(
    tokens
      .command('label')
      .description('Label a token (labels are unique and select tokens like ids).')
      .argument('<token>', TOKEN_REF)
      .argument('[label]', 'the new label')
      .option('--clear', 'remove the label'),
  ).action((ref, label, options) =>
    runCommand(async () =>
      (await import('../commands/tokens-label.js')).tokensLabelCommand(ref, label, options),
    ),
  );
}
