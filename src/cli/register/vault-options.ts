import { type Command, Option } from 'commander';

export const FORGE_CHOICES = ['github', 'gitlab', 'bitbucket'];

/** What every vault command takes: where the data lives, and JSON for scripts. */
export function vaultOptions(command: Command, json = 'print JSON for scripts'): Command {
  return command
    .option(
      '--data-dir <dir>',
      'data directory (SQLite and the master key file); else FORGEKEEPER_DATA_DIR, else ./data',
    )
    .option('--json', json);
}

export function forgeOption(description: string): Option {
  return new Option('--forge <forge>', description).choices(FORGE_CHOICES);
}
