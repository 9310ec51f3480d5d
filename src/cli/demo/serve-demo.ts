import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fkError } from '../../domain/errors/error.js';
import { type RunningSandbox, startSandbox } from '../../sandbox/index.js';
import { serveConfig } from '../../server/config.js';
import { type RunningForgekeeper, startForgekeeper } from '../../server/start.js';
import { findWebRoot } from '../../server/ui/web-ui.js';
import { createAccounts } from '../../services/accounts/index.js';
import { openVault } from '../../services/vault/index.js';
import { CliError, EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { type PasteableToken, pasteableTokens, type SeededToken, seedDemo } from './seed.js';

export const DEMO_USERNAME = 'demo';

export interface ServeDemoOptions {
  host?: string;
  port?: string;
  dataDir?: string;
}

/**
 * The demo never touches a real vault: whatever key, database or data directory the environment
 * names is ignored (a fresh SQLite vault in a temporary directory, or `--data-dir`).
 */
function demoEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'FORGEKEEPER_DATABASE_URL',
    'FORGEKEEPER_MASTER_KEY',
    'FORGEKEEPER_MASTER_KEY_FILE',
    'FORGEKEEPER_MASTER_KEY_PREVIOUS',
    'FORGEKEEPER_DATA_DIR',
  ]) {
    delete env[name];
  }
  env.FORGEKEEPER_LOG_LEVEL ??= 'warn';
  return env;
}

/**
 * `forgekeeper demo`: the sandbox forges, a vault seeded with a demo user's tokens of every state,
 * and the server pointed at them, until SIGINT/SIGTERM; then everything stops and a temporary data
 * directory is deleted.
 */
export async function serveDemo(options: ServeDemoOptions): Promise<ExitCode> {
  const env = demoEnv();
  const config = serveConfig({ ...options, scheduler: false }, env);
  if (!config.ok) throw new CliError(config.error);
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'forgekeeper-demo-')));
  let sandbox: RunningSandbox | null = null;
  let running: RunningForgekeeper | null = null;
  try {
    sandbox = await startSandbox({ port: 0 });
    const password = randomBytes(15).toString('base64url');
    const seeded = await seedVault(sandbox, dataDir, env, password);
    running = orFail(await startForgekeeper({ ...config.value, dataDir }, { env }));
    process.stdout.write(
      describe(
        running.url,
        password,
        seeded,
        await pasteableTokens(sandbox),
        sandbox,
        ownDir ? dataDir : null,
      ),
    );

    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    process.stderr.write(`forgekeeper demo: ${signal}: stopping\n`);
    return EXIT.ok;
  } finally {
    await running?.close();
    await sandbox?.close();
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
  }
}

async function seedVault(
  sandbox: RunningSandbox,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  password: string,
): Promise<SeededToken[]> {
  const vault = orFail(await openVault({ dataDir, env, adapter: { retries: 0 } }));
  try {
    const accounts = createAccounts({ store: vault.store });
    const state = orFail(await accounts.setupState());
    if (state !== 'needs_setup') {
      throw new CliError(
        fkError('invalid_input', {
          message: `${dataDir} already holds a Forgekeeper instance; the demo needs a fresh one.`,
          remediation: 'Leave out --data-dir (a temporary directory is used) or give an empty directory.',
        }),
      );
    }
    const code = orFail(await accounts.issueSetupCode());
    const user = orFail(
      await accounts.completeSetup({
        code: code.code.reveal(),
        username: DEMO_USERNAME,
        displayName: 'Demo User',
        password,
      }),
    );
    return orFail(await seedDemo(vault, sandbox, user.id, user.id));
  } finally {
    await vault.close();
  }
}

function describe(
  url: string,
  password: string,
  seeded: readonly SeededToken[],
  pasteable: readonly PasteableToken[],
  sandbox: RunningSandbox,
  tempDir: string | null,
): string {
  const statusWidth = Math.max(...seeded.map((token) => token.status.length));
  const labelWidth = Math.max(...seeded.map((token) => token.label.length));
  return [
    `Forgekeeper demo is listening on ${url} (API reference: ${url}/docs)`,
    '',
    findWebRoot() === null
      ? `  The web UI is not built (npm run build): only the API is served. Sign in with POST ${url}/api/v1/session`
      : `  Open ${url} and sign in`,
    `  Username  ${DEMO_USERNAME}`,
    `  Password  ${password}   (a throwaway demo password, shown only here)`,
    '',
    `The demo user has ${seeded.length} tokens, one of each state, on the sandbox forges:`,
    ...seeded.map(
      (token) =>
        `  ${token.status.padEnd(statusWidth)}  ${token.label.padEnd(labelWidth)}  ${token.describe}`,
    ),
    '',
    'Sandbox tokens to try Add token with (issued by the local sandbox forges — not real tokens;',
    'enter the API URL shown as the self-hosted API URL):',
    ...pasteable.map(
      (token) =>
        `  ${token.forge.padEnd(9)}  ${token.token}\n             ${token.note}; API URL ${token.apiUrl}`,
    ),
    '',
    `Sandbox forges' control API: ${sandbox.urls.control} (docs/sandbox.md)`,
    tempDir === null
      ? 'The daily re-check is off in the demo. Ctrl-C stops it.'
      : `Data in ${tempDir}, deleted on exit. The daily re-check is off in the demo. Ctrl-C stops it.`,
    '',
  ].join('\n');
}
