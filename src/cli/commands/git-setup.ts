import { resolve } from 'node:path';
import { fkError } from '../../domain/errors/error.js';
import { loadForgeDefinitions } from '../../forges/load-registry.js';
import { loadCandidates } from '../../git/credential/candidates.js';
import { locationOf } from '../../git/credential/git-location.js';
import { helperConfigValue } from '../../git/credential/helper-bin.js';
import { readUserConfig, userConfigPath } from '../../git/credential/user-config.js';
import { updateUserConfig } from '../../git/credential/user-config-write.js';
import type { Vault } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { checkUrl, usageError } from '../parse-options.js';
import { readSecretInput } from '../read-secret.js';
import { CliError, EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';
import { gitConfig } from './git-config.js';

export interface GitSetupOptions extends VaultOptions {
  global?: boolean;
  local?: boolean;
  host: string[];
  remote?: string;
  apiKeyEnv?: string;
}

/** One change `git setup` made or found made. */
interface Written {
  what: string;
  changed: boolean;
}

/**
 * `git setup`: makes git ask Forgekeeper (docs/git.md "Set-up"). Writes `credential.helper` (or
 * `credential.<url>.helper` per `--host`), turns `credential.useHttpPath` on for the hosts where
 * the path matters (several tokens on one host, or forges under path prefixes on one host:port),
 * and records in the user's config file where the vault is (local) or which server to ask and its
 * API key (remote, from stdin or --api-key-env, never argv). Idempotent: a second run changes nothing.
 */
export async function gitSetupCommand(options: GitSetupOptions): Promise<ExitCode> {
  if (options.global && options.local)
    throw usageError('Give --global or --local, not both.', 'The default is --global.');
  if (options.remote !== undefined) checkUrl(options.remote);
  const scope = options.local ? '--local' : '--global';
  const written: Written[] = [];
  const configPath = userConfigPath(process.env);
  if (configPath === null)
    throw usageError(
      'No place for the config file: HOME is not set.',
      'Set FORGEKEEPER_CONFIG to a file path.',
    );

  if (options.remote !== undefined) {
    const apiKey = (await readSecretInput({ tokenEnv: options.apiKeyEnv, prompt: 'API key: ' })).trim();
    if (!/^fk_\S+$/.test(apiKey))
      throw usageError(
        'That is not a Forgekeeper API key (fk_…).',
        'Create one in the web UI under Settings → API keys, with the tokens:use scope.',
      );
    const url = options.remote.replace(/\/+$/, '');
    const before = readUserConfig(process.env);
    const same = before.ok && before.config.server?.url === url && before.config.server.apiKey === apiKey;
    if (!same) updateUserConfig(configPath, { server: { url, apiKey } });
    written.push({ what: `${configPath}: server ${url} and its API key (mode 0600)`, changed: !same });
  }

  return vaultCommand(options, async (open) => {
    const helper = helperConfigValue();
    const remote = options.remote !== undefined;
    let vault: Vault | null = null;
    if (!remote) {
      const dataDir = resolve(options.dataDir ?? process.env.FORGEKEEPER_DATA_DIR ?? './data');
      vault = await open();
      const before = readUserConfig(process.env);
      const same = before.ok && before.config.dataDir === dataDir;
      if (!same) updateUserConfig(configPath, { dataDir });
      written.push({ what: `${configPath}: dataDir ${dataDir}`, changed: !same });
    }
    const urls = await hostUrls(vault, options.host);
    if (urls.length === 0) written.push(await addHelper(scope, 'credential.helper', helper));
    for (const url of urls) written.push(await addHelper(scope, `credential.${url}.helper`, helper));
    // Remote mode cannot see the server's tokens: the path goes with every request (for --host
    // only those hosts), so the server's rules can apply.
    if (vault === null && urls.length === 0)
      written.push(await setValue(scope, 'credential.useHttpPath', 'true'));
    const pathHosts = vault === null ? urls : await hostsNeedingPath(vault, urls);
    for (const url of pathHosts) written.push(await setValue(scope, `credential.${url}.useHttpPath`, 'true'));
    if (options.json) printJson({ scope: scope.slice(2), helper, written });
    else
      for (const line of written)
        process.stdout.write(`${line.changed ? 'wrote    ' : 'kept     '}${line.what}\n`);
    return EXIT.ok;
  });
}

/** `--host` values as the URLs git config matches: a configured host name, a URL, or a bare host. */
async function hostUrls(vault: Vault | null, hosts: readonly string[]): Promise<string[]> {
  const urls: string[] = [];
  const known = vault === null ? [] : orFail(await vault.listHosts());
  const definitions = await loadForgeDefinitions();
  for (const host of hosts) {
    const named = known.find((h) => h.name === host);
    const url =
      named !== undefined
        ? definitions[named.forge].webUrl(named.apiUrl)
        : /^https?:\/\//.test(host)
          ? host
          : `https://${host}`;
    const location = locationOf(url);
    if (location === null)
      throw usageError(
        `--host ${host} is not a host or a URL.`,
        'For example --host github.com or --host https://gitlab.example.com.',
      );
    urls.push(`${location.protocol}://${location.host}`);
  }
  return [...new Set(urls)];
}

/** Hosts (as protocol://host) with several tokens, or with a forge under a path prefix. */
async function hostsNeedingPath(vault: Vault, only: readonly string[]): Promise<string[]> {
  const candidates = orFail(await loadCandidates(vault, LOCAL_OWNER_ID));
  const counts = new Map<string, { tokens: number; prefixed: boolean }>();
  for (const { location } of candidates) {
    if (location === null) continue;
    const key = `${location.protocol}://${location.host}`;
    const entry = counts.get(key) ?? { tokens: 0, prefixed: false };
    entry.tokens += 1;
    entry.prefixed ||= location.prefix.length > 0;
    counts.set(key, entry);
  }
  return [...counts]
    .filter(
      ([key, entry]) => (only.length === 0 || only.includes(key)) && (entry.tokens > 1 || entry.prefixed),
    )
    .map(([key]) => key);
}

async function addHelper(scope: string, key: string, helper: string): Promise<Written> {
  const current = await gitConfig([scope, '--get-all', key]);
  if (current.code !== 0 && current.code !== 1) throw gitFailed(current.stderr);
  const values = current.stdout.split('\n').filter(Boolean);
  if (values.includes(helper)) return { what: `git config ${scope} ${key} ${helper}`, changed: false };
  const added = await gitConfig([scope, '--add', key, helper]);
  if (added.code !== 0) throw gitFailed(added.stderr);
  return { what: `git config ${scope} --add ${key} ${helper}`, changed: true };
}

async function setValue(scope: string, key: string, value: string): Promise<Written> {
  const current = await gitConfig([scope, '--get', key]);
  if (current.code === 0 && current.stdout.trim() === value)
    return { what: `git config ${scope} ${key} ${value}`, changed: false };
  const set = await gitConfig([scope, key, value]);
  if (set.code !== 0) throw gitFailed(set.stderr);
  return { what: `git config ${scope} ${key} ${value}`, changed: true };
}

function gitFailed(stderr: string): CliError {
  return new CliError(
    fkError('git_failed', {
      message: `git config failed: ${stderr.trim().split('\n')[0] ?? ''}`,
      remediation:
        'For --local, run inside a repository; check that git is installed and ~/.gitconfig is writable.',
    }),
    EXIT.unusable,
  );
}
