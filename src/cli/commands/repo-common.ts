import { fkError } from '../../domain/errors/error.js';
import type { ForgeId } from '../../domain/forge.js';
import type { RepoRef } from '../../forges/repo-types.js';
import { createRepoService, forgeAdapters, type RepoService } from '../../services/repos/index.js';
import type { TokenSelector, Vault } from '../../services/vault/index.js';
import { checkUrl, parseInteger, refuseTokenText, usageError } from '../parse-options.js';
import { CliError, EXIT } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { resolveToken } from '../vault/resolve-token.js';
import type { VaultOptions } from '../vault/vault-command.js';

/** How every `repo` command chooses its token: by id or label, or a host's default token. */
export interface RepoTokenOptions extends VaultOptions {
  token?: string;
  forge?: ForgeId;
  apiUrl?: string;
  host?: string;
}

export interface PageOptions {
  cap?: string;
  cursor?: string;
}

/** Checks the token options before the vault is opened: a bad invocation touches no data. */
export function checkTokenOptions(options: RepoTokenOptions): void {
  if (options.token !== undefined) {
    refuseTokenText('token id or label', options.token);
    if (options.forge !== undefined || options.apiUrl !== undefined || options.host !== undefined) {
      throw usageError(
        'Give --token, or --forge/--api-url/--host, not both.',
        'A token id or label names one token.',
      );
    }
    return;
  }
  if (options.apiUrl !== undefined && options.host !== undefined) {
    throw usageError(
      'Give --api-url or --host, not both.',
      'A host name (hosts list) stands for its API URL.',
    );
  }
  if (options.apiUrl !== undefined) checkUrl(options.apiUrl);
  if (options.host === undefined && options.forge === undefined) {
    throw usageError(
      'Say which token to use.',
      "Give --token ID|LABEL, or --forge github|gitlab|bitbucket (with --api-url URL or --host NAME) for that host's default token.",
    );
  }
  if (options.apiUrl !== undefined && options.forge === undefined) {
    throw usageError(
      '--api-url needs --forge.',
      'For example --forge gitlab --api-url https://gitlab.example.com/api/v4.',
    );
  }
}

/** The vault selector the options name: a token (id, id prefix or label), or a host's default token. */
export async function tokenSelector(vault: Vault, options: RepoTokenOptions): Promise<TokenSelector> {
  if (options.token !== undefined) return { id: (await resolveToken(vault, options.token)).id };
  if (options.host !== undefined) {
    const hosts = orFail(await vault.listHosts());
    const host = hosts.find((known) => known.name === options.host);
    if (host === undefined) {
      throw new CliError(
        fkError('not_found', {
          message: `No host is named "${options.host}".`,
          remediation: 'List the hosts (forgekeeper hosts list), or give --forge with --api-url.',
        }),
        EXIT.unusable,
      );
    }
    if (options.forge !== undefined && options.forge !== host.forge) {
      throw usageError(
        `The host ${host.name} is a ${host.forge} host, not ${options.forge}.`,
        'Drop --forge or pick another host.',
      );
    }
    return { forge: host.forge, apiUrl: host.apiUrl };
  }
  const forge = options.forge;
  if (forge === undefined) throw usageError('Say which token to use.', 'Give --token ID|LABEL or --forge.');
  return options.apiUrl === undefined ? { forge } : { forge, apiUrl: options.apiUrl };
}

export function repoServiceFor(vault: Vault): RepoService {
  return createRepoService({ vault, adapterFor: forgeAdapters() });
}

/** `owner/name`, the owner possibly with `/` (GitLab subgroups). */
export function parseRepo(value: string | undefined, flag = 'the repository'): RepoRef {
  const cut = value?.lastIndexOf('/') ?? -1;
  if (value === undefined || cut <= 0 || cut === value.length - 1 || /\s/.test(value)) {
    throw usageError(
      `${flag} must be owner/name.`,
      'For example acme/app, or group/subgroup/project on GitLab.',
    );
  }
  return { owner: value.slice(0, cut), name: value.slice(cut + 1) };
}

export function parsePage(options: PageOptions): { cap?: number; cursor?: string } {
  const cap = parseInteger('--cap', options.cap, 1, 1000);
  return {
    ...(cap === undefined ? {} : { cap }),
    ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
  };
}

/** `Name <email>` → the author; undefined stays undefined (the forge uses the token's account). */
export function parseAuthor(value: string | undefined): { name: string; email: string } | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(.+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value);
  if (match === null)
    throw usageError(
      '--author must be "Name <email>".',
      'For example --author "Ada Lovelace <ada@example.com>".',
    );
  return { name: match[1] ?? '', email: match[2] ?? '' };
}

/** With --json: a page's next cursor is in the JSON; without, say on stderr how to get the next page. */
export function nextPageHint(nextCursor: string | null): void {
  if (nextCursor !== null) process.stderr.write(`More: --cursor ${nextCursor}\n`);
}
