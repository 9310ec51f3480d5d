import { keyStatus } from '../../services/keys/index.js';
import { formatKeyStatus } from '../format/keys-status.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';

/**
 * `keys status`: reads only, and needs no key (a key that cannot be loaded is what it reports), so
 * it does not open the vault. Exit 0; 1 when the database cannot be read.
 */
export async function keysStatusCommand(options: VaultOptions): Promise<ExitCode> {
  return vaultCommand(options, async () => {
    const status = orFail(await keyStatus(options.dataDir === undefined ? {} : { dataDir: options.dataDir }));
    if (options.json) printJson(status);
    else process.stdout.write(formatKeyStatus(status));
    return EXIT.ok;
  });
}
