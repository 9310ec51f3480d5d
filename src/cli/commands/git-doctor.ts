import { fkError } from '../../domain/errors/error.js';
import { createCredentialService } from '../../git/credential/credential-service.js';
import { readUserConfig } from '../../git/credential/user-config.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { usageError } from '../parse-options.js';
import { CliError, EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, type VaultOptions, vaultCommand } from '../vault/vault-command.js';
import { gitConfig, useHttpPathFor } from './git-config.js';

export interface GitDoctorOptions extends VaultOptions {
  /** false with --no-path: explain as if git sent no path. */
  path?: boolean;
}

/**
 * `git doctor URL`: which token git will get for URL and why — the rules tried, the default, the
 * expiry — as git will really ask (with the path only when credential.useHttpPath is on for that
 * URL). Opens no token and prints none. Exit 0 when a token would be given, 1 when none.
 */
export async function gitDoctorCommand(url: string, options: GitDoctorOptions): Promise<ExitCode> {
  const parsed = parseRemote(url);
  return vaultCommand(options, async (open) => {
    const httpPath = options.path === false ? false : await useHttpPathFor(url);
    const helpers = await gitConfig(['--get-urlmatch', 'credential.helper', url]);
    const config = readUserConfig(process.env);
    const vault = await open();
    const query = {
      action: 'get' as const,
      protocol: parsed.protocol,
      host: parsed.host,
      ...(httpPath && parsed.path !== null ? { path: parsed.path } : {}),
      ...(parsed.username === null ? {} : { username: parsed.username }),
    };
    const selection = orFail(await createCredentialService(vault).explain(query, LOCAL_OWNER_ID));
    const token = selection.token;
    const notes: string[] = [];
    if (!/forgekeeper/.test(helpers.stdout))
      notes.push('git is not configured to ask Forgekeeper for this URL: run forgekeeper git setup.');
    if (!httpPath && parsed.path !== null)
      notes.push(
        'credential.useHttpPath is off for this URL: git sends no repository path, so only host rules apply.',
      );
    if (config.ok && config.config.server !== null)
      notes.push(
        `The helper is in remote mode (${config.config.server.url}): the server's vault answers, not this one.`,
      );
    if (options.json) {
      printJson({
        url,
        useHttpPath: httpPath,
        token:
          token === null
            ? null
            : {
                id: token.id,
                label: token.label,
                account: token.account?.login ?? null,
                expiresAt: token.expiresAt,
                status: token.status,
              },
        reason: selection.reason,
        steps: selection.steps,
        notes,
      });
    } else {
      process.stdout.write(
        `git asks for ${query.protocol}://${query.host}${query.path === undefined ? '' : `/${query.path}`}\n`,
      );
      for (const step of selection.steps) process.stdout.write(`  - ${step}\n`);
      for (const note of notes) process.stdout.write(`note: ${note}\n`);
      process.stdout.write(
        token === null
          ? 'Result: no token; git asks its next helper (or prompts).\n'
          : `Result: ${token.label ?? token.id} (${selection.reason}).\n`,
      );
    }
    return token === null ? EXIT.unusable : EXIT.ok;
  });
}

function parseRemote(text: string): {
  protocol: string;
  host: string;
  path: string | null;
  username: string | null;
} {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(
      `${text} is not a URL.`,
      'Give the remote URL as git has it, e.g. https://github.com/acme/app.git.',
    );
  }
  if (url.password !== '') {
    throw new CliError(
      fkError('invalid_input', {
        message: 'The URL holds a password; never put one in a URL.',
        remediation: 'Give the URL without it.',
      }),
    );
  }
  const path = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  return {
    protocol: url.protocol.replace(/:$/, ''),
    host: url.host,
    path: path === '' ? null : path,
    username: url.username === '' ? null : decodeURIComponent(url.username),
  };
}
