import type { ForgeId } from '../../domain/forge.js';
import { formatHostsTable } from '../format/hosts-table.js';
import { checkUrl } from '../parse-options.js';
import { EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';

/**
 * Named forge instances (GitHub Enterprise Server, self-managed GitLab, the sandbox): `--host NAME`
 * then stands for the API URL in `tokens add` and `tokens list`.
 */
export interface HostsAddOptions extends VaultOptions {
  apiUrl: string;
  name?: string;
}

export async function hostsAddCommand(forge: ForgeId, options: HostsAddOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    checkUrl(options.apiUrl);
    const vault = await open();
    const host = orFail(await vault.addHost({ forge, apiUrl: options.apiUrl, name: options.name }));
    if (options.json) printJson(host);
    else
      process.stdout.write(
        `Added host ${host.name}: ${host.forge} at ${host.apiUrl}. Use it with --host ${host.name}.\n`,
      );
    return EXIT.ok;
  });
}

export async function hostsListCommand(options: VaultOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const hosts = orFail(await (await open()).listHosts());
    if (options.json) printJson(hosts);
    else process.stdout.write(formatHostsTable(hosts));
    return EXIT.ok;
  });
}

export async function hostsRemoveCommand(name: string, options: VaultOptions): Promise<ExitCode> {
  return vaultCommand(options, async (open) => {
    const host = orFail(await (await open()).removeHost(name));
    if (options.json) printJson(host);
    else
      process.stdout.write(
        `Removed host ${host.name} (${host.forge} at ${host.apiUrl}). Tokens stored for it stay.\n`,
      );
    return EXIT.ok;
  });
}
