import { type FkError, isFkError } from '../domain/errors/error.js';
import { printError } from './format/print-error.js';

/**
 * Exit codes of every command. `inspect` documents them as its contract for CI pre-flight steps;
 * `cancelled` is the shell's 128 + SIGINT, for a run stopped with Ctrl-C (`tokens refresh`).
 */
export const EXIT = { ok: 0, unusable: 1, usage: 2, unverified: 3, internal: 70, cancelled: 130 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown by commands for a bad invocation; carries a catalogue error. */
export class CliError extends Error {
  constructor(
    readonly error: FkError,
    readonly exitCode: ExitCode = EXIT.usage,
  ) {
    super(error.message);
  }
}

/**
 * The one wrapper between commands and the process: a command returns its exit code; expected
 * failures arrive as catalogue errors; anything else is an internal error, printed without a stack
 * trace unless FORGEKEEPER_DEBUG is set.
 */
export async function runCommand(command: () => Promise<ExitCode>): Promise<void> {
  try {
    process.exitCode = await command();
  } catch (error) {
    if (error instanceof CliError) {
      printError(error.error);
      process.exitCode = error.exitCode;
      return;
    }
    if (isFkError(error)) {
      printError(error);
      process.exitCode = EXIT.usage;
      return;
    }
    process.stderr.write('forgekeeper: internal error. Run again with FORGEKEEPER_DEBUG=1 for details.\n');
    if (process.env.FORGEKEEPER_DEBUG) process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exitCode = EXIT.internal;
  }
}
