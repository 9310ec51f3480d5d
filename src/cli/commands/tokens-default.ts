import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { hostLabel } from '../format/host-label.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { resolveToken } from '../vault/resolve-token.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';

/** `tokens default ID|LABEL`: the token used for its host when none is named (one per host). */
export async function tokensDefaultCommand(ref: string, options: VaultOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const vault = await open();
    const token = await resolveToken(vault, ref);
    const record = orFail(await vault.setDefault(LOCAL_OWNER_ID, token.id, CLI_ACTOR));
    if (options.json) printJson(record);
    else {
      const host = hostLabel(record.forge, record.apiUrl, orFail(await vault.listHosts()));
      process.stdout.write(
        `Token ${record.id}${record.label ? ` "${record.label}"` : ''} is now the default for ${host}.\n`,
      );
    }
    return EXIT.ok;
  });
}
