import { formatTokenDetail } from '../format/token-detail.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { resolveToken } from '../vault/resolve-token.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';

/** `tokens show ID|LABEL`: every fact the vault keeps about one token (no forge call). */
export async function tokensShowCommand(ref: string, options: VaultOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const vault = await open();
    const token = await resolveToken(vault, ref);
    if (options.json) printJson(token);
    else process.stdout.write(formatTokenDetail(token, new Date(), orFail(await vault.listHosts())));
    return EXIT.ok;
  });
}
