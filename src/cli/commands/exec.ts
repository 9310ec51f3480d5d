import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fkError } from '../../domain/errors/error.js';
import { FORGE_NAMES } from '../../domain/forge.js';
import { loadForgeDefinitions } from '../../forges/load-registry.js';
import { gitConfigVariables, tokenVariables } from '../../git/credential/exec-env.js';
import { helperConfigValue } from '../../git/credential/helper-bin.js';
import { readUserConfig } from '../../git/credential/user-config.js';
import { CLI_ACTOR, type TokenView } from '../../services/vault/index.js';
import { LOCAL_OWNER_ID } from '../../store/types.js';
import { usageError } from '../parse-options.js';
import { CliError, EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { matchToken, resolveToken } from '../vault/resolve-token.js';
import { type VaultOptions, vaultCommand } from '../vault/vault-command.js';
import { remoteSecret, remoteTokens } from './exec-remote.js';

export interface ExecOptions extends VaultOptions {
  token: string[];
  /** false with --no-git. */
  git?: boolean;
}

/**
 * `exec [--token SELECTOR …] -- COMMAND`: runs COMMAND with the tokens in the variables tools read
 * (exec-env.ts) and git set to ask Forgekeeper (GIT_CONFIG_* variables), for that child only: the
 * tokens are in its environment and nowhere else — not in argv, not in a file. Local mode reads the
 * vault; remote mode (a server in the config file) asks the server with the config's API key. Exits
 * with the command's exit code.
 */
export async function execCommand(command: string[], options: ExecOptions): Promise<ExitCode> {
  const [program, ...args] = command;
  if (program === undefined)
    throw usageError('No command to run.', 'Put it after --, e.g. forgekeeper exec -- gh repo list.');
  const config = readUserConfig(process.env);
  if (!config.ok) throw new CliError(fkError('invalid_input', { message: config.message }));
  const definitions = await loadForgeDefinitions();
  const vars: Record<string, string> = {};
  const add = (token: TokenView, secret: string) => {
    for (const [name, value] of Object.entries(
      tokenVariables(token, secret, definitions[token.forge].webUrl(token.apiUrl)),
    )) {
      if (vars[name] !== undefined && vars[name] !== value) {
        throw usageError(`Two tokens would both set ${name}.`, 'Give one token per forge with --token.');
      }
      vars[name] = value;
    }
  };
  const server = config.config.server;
  if (server !== null) {
    const tokens = await remoteTokens(server);
    for (const token of choose(tokens, options.token)) add(token, await remoteSecret(server, token.id));
  } else {
    await vaultCommand(options, async (open) => {
      const vault = await open();
      const all = orFail(await vault.list(LOCAL_OWNER_ID));
      const chosen =
        options.token.length > 0
          ? await Promise.all(options.token.map((ref) => resolveToken(vault, ref)))
          : choose(all, []);
      for (const token of chosen) {
        const secret = orFail(
          await vault.withToken(
            LOCAL_OWNER_ID,
            { id: token.id },
            `exec ${program}`.slice(0, 120),
            async (s) => s.reveal(),
            CLI_ACTOR,
          ),
        );
        add(token, secret);
      }
      return EXIT.ok;
    });
    // The child's helper must find this vault whatever its working directory.
    vars.FORGEKEEPER_DATA_DIR = resolve(
      options.dataDir ?? process.env.FORGEKEEPER_DATA_DIR ?? config.config.dataDir ?? './data',
    );
  }
  if (options.git !== false) Object.assign(vars, gitConfigVariables(process.env, helperConfigValue()));
  return run(program, args, { ...process.env, ...vars });
}

/** The named tokens, or each forge's default token when none is named. */
function choose(tokens: readonly TokenView[], refs: readonly string[]): TokenView[] {
  if (refs.length > 0) {
    return refs.map((ref) => {
      const match = matchToken(tokens, ref);
      if (match.type === 'one') return match.token;
      throw new CliError(
        fkError('not_found', { message: `No single token has the id or label "${ref}".` }),
        EXIT.unusable,
      );
    });
  }
  const chosen: TokenView[] = [];
  for (const forge of ['github', 'gitlab', 'bitbucket'] as const) {
    const defaults = tokens.filter((t) => t.forge === forge && t.isDefault);
    if (defaults.length > 1) {
      throw usageError(
        `Several ${FORGE_NAMES[forge]} hosts have a default token.`,
        'Name the tokens to expose with --token.',
      );
    }
    if (defaults[0] !== undefined) chosen.push(defaults[0]);
  }
  return chosen;
}

/** Runs the child with inherited stdio, passes on SIGINT/SIGTERM, and exits with its code. */
function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<ExitCode> {
  return new Promise((_resolve, reject) => {
    const child = spawn(program, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGINT', forward('SIGINT'));
    process.on('SIGTERM', forward('SIGTERM'));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new CliError(
          fkError('invalid_input', { message: `Cannot run ${program} (${error.code ?? error.message}).` }),
          EXIT.unusable,
        ),
      ),
    );
    // The command's own exit code is exec's: it is not one of Forgekeeper's codes, so exit here.
    child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128 + 15)));
  });
}
