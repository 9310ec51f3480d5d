import { CLI_ACTOR } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { refuseTokenText, usageError } from '../parse-options.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { resolveToken } from '../vault/resolve-token.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';

export interface TokensLabelOptions extends VaultOptions {
  clear?: boolean;
}

/** `tokens label ID|LABEL NEW-LABEL` (or `--clear`): labels name tokens, so each is unique. */
export async function tokensLabelCommand(
  ref: string,
  label: string | undefined,
  options: TokensLabelOptions,
): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    if ((label === undefined) === !options.clear) {
      throw usageError(
        'Give a new label, or --clear to remove the label.',
        'For example: forgekeeper tokens label 019b2c3d work-laptop',
      );
    }
    if (label !== undefined) refuseTokenText('label', label);
    const vault = await open();
    const token = await resolveToken(vault, ref);
    const record = orFail(await vault.setLabel(LOCAL_OWNER_ID, token.id, label ?? null, CLI_ACTOR));
    if (options.json) printJson(record);
    else
      process.stdout.write(
        record.label
          ? `Token ${record.id} is now labelled "${record.label}".\n`
          : `Token ${record.id} has no label now.\n`,
      );
    return EXIT.ok;
  });
}
