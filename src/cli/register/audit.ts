import { type Command, Option } from 'commander';
import { runCommand } from '../run-command.js';
import { vaultOptions } from './vault-options.js';

/** `forgekeeper audit`: who did what with which token, newest first. */
export function registerAudit(program: Command): void {
  vaultOptions(
    program
      .command('audit')
      .description('Show the audit log, newest first (add, check, use, rotate, revoke, remove, …).')
      .option('--token <token>', 'only this token: id, id prefix or label (a removed token: its full id)')
      .option('--since <when>', 'only events since a date or time (ISO 8601) or a span back (30m, 24h, 7d)')
      .option(
        '--action <action>',
        'only this action (add, check, use, rotate, revoke, remove, label, default)',
      )
      .addOption(new Option('--outcome <outcome>', 'only this outcome').choices(['ok', 'error']))
      .option('--limit <n>', 'events per page, 1 to 1000 (default 50)')
      .option('--cursor <cursor>', 'the next page, as printed at the end of the previous one'),
    'print {items, nextCursor}',
  ).action((options) => runCommand(async () => (await import('../commands/audit.js')).auditCommand(options)));
}
