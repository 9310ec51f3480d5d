import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import { CLI, type CliRun, runCli } from './cli.js';
import { findLeaks } from './leaks.js';
import { issueToken } from './sandbox-control.js';

/**
 * The environment of a vault CLI run: SQLite in the test's own data directory, the key file there
 * (never a key or database URL inherited from the machine running the tests).
 */
const HERMETIC = {
  FORGEKEEPER_DATABASE_URL: undefined,
  FORGEKEEPER_MASTER_KEY: undefined,
  FORGEKEEPER_MASTER_KEY_FILE: undefined,
  FORGEKEEPER_DATA_DIR: undefined,
};

export interface VaultCli {
  dataDir: string;
  /** Runs `forgekeeper ARGS --data-dir DIR`; every output is checked for the tokens issued so far. */
  run(args: string[], options?: { stdin?: string; env?: Record<string, string> }): Promise<CliRun>;
  /** Issues a token at the sandbox and remembers it for the leak check. */
  issue(body: Record<string, unknown>): Promise<{ token: string; id: string }>;
  /** Adds the three sandbox forges as hosts `sb-github`, `sb-gitlab`, `sb-bitbucket`. */
  addSandboxHosts(): Promise<void>;
  /** Every token issued through `issue`, for leak checks of other output. */
  tokens: string[];
}

/**
 * A vault CLI on a fresh temporary data directory. It is left in place: the suite's leak canary
 * (test/global-leak-scan.ts) scans it — the SQLite database, its WAL, the key file — and removes it.
 */
export function vaultCli(sandbox: RunningSandbox): VaultCli {
  const dataDir = mkdtempSync(join(tmpdir(), 'forgekeeper-cli-'));
  const tokens: string[] = [];
  const cli: VaultCli = {
    dataDir,
    tokens,
    async run(args, options = {}) {
      const run = await runCli([...args, '--data-dir', dataDir], {
        stdin: options.stdin,
        env: { ...HERMETIC, ...options.env },
      });
      const leaks = findLeaks(`${run.stdout}\n${run.stderr}`, tokens);
      if (leaks.length > 0)
        throw new Error(`token text in the output of ${args.join(' ')}: ${leaks.join(', ')}`);
      return run;
    },
    async issue(body) {
      const issued = await issueToken(sandbox.urls.control, body);
      tokens.push(issued.token);
      return issued;
    },
    async addSandboxHosts() {
      for (const forge of ['github', 'gitlab', 'bitbucket'] as const) {
        const run = await cli.run([
          'hosts',
          'add',
          forge,
          '--api-url',
          sandbox.urls[forge].api,
          '--name',
          `sb-${forge}`,
        ]);
        if (run.code !== 0) throw new Error(`hosts add ${forge} failed: ${run.stderr}`);
      }
    },
  };
  return cli;
}

interface AddedRecord {
  id: string;
  label: string | null;
  status: string;
  isDefault: boolean;
  mask: string;
}

/** Adds a token through the CLI from stdin and answers its record (`--json`). */
export async function addToken(cli: VaultCli, token: string, args: string[]): Promise<AddedRecord> {
  const run = await cli.run(['tokens', 'add', ...args, '--json'], { stdin: token });
  if (run.code !== 0 && run.code !== 3)
    throw new Error(`tokens add failed (${run.code}): ${run.stdout}${run.stderr}`);
  return (JSON.parse(run.stdout) as { record: AddedRecord }).record;
}

/** `script` gives the CLI a terminal (stdin, stdout and stderr), where the system has it. */
/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), writing `keys` to it after `delayMs`
 * (`\r` is Enter, `\x03` is Ctrl-C). Output is what the terminal showed: stdout and stderr mixed.
 */
export function runCliOnTty(
  cli: VaultCli,
  args: string[],
  options: { keys?: string; delayMs?: number; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args, '--data-dir', cli.dataDir].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      env: { ...withoutHermetic(process.env), ...options.env, COLUMNS: '100' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
    setTimeout(() => {
      if (options.keys !== undefined) child.stdin.write(options.keys);
    }, options.delayMs ?? 500);
  });
}

function withoutHermetic(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of Object.keys(HERMETIC)) delete copy[name];
  return copy;
}
