import { Argument, type Command } from 'commander';
import { runCommand } from '../run-command.js';
import { FORGE_CHOICES, vaultOptions } from './vault-options.js';

/** `forgekeeper hosts …`: named forge instances, so `--host NAME` stands for an API URL. */
export function registerHosts(program: Command): void {
  const hosts = program
    .command('hosts')
    .description('Name self-hosted forges (GitHub Enterprise Server, self-managed GitLab) and the sandbox.');
  const load = () => import('../commands/hosts.js');

  vaultOptions(
    hosts
      .command('add')
      .description('Name a forge instance by its API URL.')
      .addArgument(new Argument('<forge>', 'the kind of forge').choices(FORGE_CHOICES))
      .requiredOption('--api-url <url>', 'its API base URL (https://HOST/api/v3, https://HOST/api/v4, …)')
      .option('--name <name>', "the name to use with --host (default: the URL's host)"),
  ).action((forge, options) => runCommand(async () => (await load()).hostsAddCommand(forge, options)));

  vaultOptions(hosts.command('list').description('List the known hosts, built-in and configured.')).action(
    (options) => runCommand(async () => (await load()).hostsListCommand(options)),
  );

  vaultOptions(
    hosts
      .command('remove')
      .description('Forget a configured host (its tokens stay).')
      .argument('<name>', 'the host name'),
  ).action((name, options) => runCommand(async () => (await load()).hostsRemoveCommand(name, options)));
}
