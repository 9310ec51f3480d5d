import { type FkError, isFkError } from '../../domain/errors/error.js';
import { openVault, type Vault } from '../../services/vault/index.js';
import { CliError, type ExitCode } from '../run-command.js';
import { exitCodeOf, orFail } from './fail.js';

/** Options every vault command takes. The database URL comes only from FORGEKEEPER_DATABASE_URL. */
export interface VaultOptions {
  /** The SQLite directory and the default key file's; else FORGEKEEPER_DATA_DIR, else `./data`. */
  dataDir?: string;
  json?: boolean;
}

/**
 * Runs a vault command: `body` parses its options first and calls `open()` only once they are
 * good, so a bad invocation creates no data directory and no master key. The vault's start-up
 * notices go to stderr; the vault is always closed. With `--json`, a catalogue error is printed as
 * `{"error": …}` on stdout (scripts read one stream); otherwise the one wrapper prints it on stderr.
 */
export async function vaultCommand(
  options: VaultOptions,
  body: (open: () => Promise<Vault>) => Promise<ExitCode>,
): Promise<ExitCode> {
  const held: { vault?: Vault } = {};
  const open = async () => {
    if (held.vault) return held.vault;
    held.vault = orFail(await openVault(options.dataDir === undefined ? {} : { dataDir: options.dataDir }));
    for (const notice of held.vault.notices) process.stderr.write(`notice: ${notice}\n`);
    return held.vault;
  };
  try {
    return await body(open);
  } catch (error) {
    const failure = asFailure(error);
    if (failure === null || !options.json) throw error;
    printJson({ error: failure.error });
    return failure.exitCode;
  } finally {
    await held.vault?.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function asFailure(error: unknown): { error: FkError; exitCode: ExitCode } | null {
  if (error instanceof CliError) return { error: error.error, exitCode: error.exitCode };
  if (isFkError(error)) return { error, exitCode: exitCodeOf(error) };
  return null;
}
