import type { Command } from 'commander';
import { runCommand } from '../run-command.js';
import { vaultOptions } from './vault-options.js';

/** `forgekeeper keys rotate|status`: master-key rotation without downtime (docs/keys.md). */
export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('Master keys: rotate them without downtime, and see their state.');

  vaultOptions(
    keys
      .command('rotate')
      .description(
        'Add a new master key, rewrap every token’s data key under it and retire the old key. Resumes an interrupted rotation; safe while servers run.',
      )
      .option(
        '--new-key-env <name>',
        'with FORGEKEEPER_MASTER_KEY[_FILE]: the variable that holds the new key',
      )
      .option(
        '--new-key-file <path>',
        'with FORGEKEEPER_MASTER_KEY[_FILE]: a file (mode 0600) that holds the new key',
      )
      .option('--batch-size <n>', 'tokens rewrapped per transaction, 1 to 1000 (default 100)')
      .option('--pause <ms>', 'pause between batches, to spare a busy database (default 0)'),
    'print the outcome as JSON',
  ).action((options) =>
    runCommand(async () => (await import('../commands/keys-rotate.js')).keysRotateCommand(options)),
  );

  vaultOptions(
    keys
      .command('status')
      .description(
        'Show the master keys, the tokens each one wraps, where each is loaded from, and the rotation.',
      ),
    'print the status as JSON',
  ).action((options) =>
    runCommand(async () => (await import('../commands/keys-status.js')).keysStatusCommand(options)),
  );
}
