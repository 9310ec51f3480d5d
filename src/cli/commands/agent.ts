import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fkError } from '../../domain/errors/error.js';
import { askAgent, NO_AGENT } from '../../git/credential/agent-client.js';
import { agentSocketPath } from '../../git/credential/agent-paths.js';
import { runAgent } from '../../git/credential/agent-run.js';
import type { AgentStatus } from '../../git/credential/agent-server.js';
import { readUserConfig } from '../../git/credential/user-config.js';
import { CliError, EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';
import { printJson, type VaultOptions } from '../vault/vault-command.js';

const START_WAIT_MS = 15_000;

/** The data directory as the helper will see it: --data-dir, FORGEKEEPER_DATA_DIR, the config file's, ./data. */
function dataDirOf(options: VaultOptions): string {
  if (options.dataDir !== undefined) return resolve(options.dataDir);
  const fromEnv = process.env.FORGEKEEPER_DATA_DIR;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolve(fromEnv);
  const config = readUserConfig(process.env);
  return resolve((config.ok ? config.config.dataDir : null) ?? './data');
}

async function statusOf(socketPath: string): Promise<AgentStatus | null> {
  const answer = await askAgent(socketPath, { control: 'status' }, 3_000);
  if (answer === NO_AGENT || 'error' in answer) return null;
  return (answer as { status?: AgentStatus }).status ?? null;
}

/** `agent start`: the agent in the background (`agent run` detached), once it answers. */
export async function agentStartCommand(options: VaultOptions): Promise<ExitCode> {
  const dataDir = dataDirOf(options);
  const socketPath = agentSocketPath(process.env, dataDir);
  const running = await statusOf(socketPath);
  if (running !== null)
    return report(options, running, `The agent already runs (pid ${running.pid}) on ${socketPath}.`);
  mkdirSync(dirname(socketPath), { recursive: true, mode: 0o700 });
  const log = openSync(join(dirname(socketPath), 'agent.log'), 'a', 0o600);
  const child = spawn(process.execPath, [process.argv[1] ?? '', 'agent', 'run', '--data-dir', dataDir], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  const deadline = Date.now() + START_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 100));
    const status = await statusOf(socketPath);
    if (status !== null)
      return report(options, status, `Agent started (pid ${status.pid}) on ${socketPath}.`);
    if (child.exitCode !== null) break;
  }
  throw new CliError(
    fkError('internal_error', {
      message: 'The agent did not start.',
      remediation: `See ${join(dirname(socketPath), 'agent.log')}, or run it in the foreground: forgekeeper agent run.`,
    }),
    EXIT.unusable,
  );
}

export async function agentStopCommand(options: VaultOptions): Promise<ExitCode> {
  const socketPath = agentSocketPath(process.env, dataDirOf(options));
  const answer = await askAgent(socketPath, { control: 'stop' }, 5_000);
  const stopped = answer !== NO_AGENT && !('error' in answer);
  if (options.json) printJson({ stopped, socketPath });
  else
    process.stdout.write(stopped ? `Agent on ${socketPath} stopped.\n` : `No agent runs on ${socketPath}.\n`);
  return EXIT.ok;
}

/** `agent status`: exit 0 when it runs, 1 when not. */
export async function agentStatusCommand(options: VaultOptions): Promise<ExitCode> {
  const socketPath = agentSocketPath(process.env, dataDirOf(options));
  const status = await statusOf(socketPath);
  if (options.json) printJson({ running: status !== null, socketPath, ...(status ?? {}) });
  else if (status === null)
    process.stdout.write(`No agent runs on ${socketPath}; the git helper opens the vault itself (slower).\n`);
  else
    process.stdout.write(
      `The agent runs (pid ${status.pid}, since ${status.startedAt}, ${status.answered} answers) on ${socketPath}.\n`,
    );
  return status === null ? EXIT.unusable : EXIT.ok;
}

/** `agent run`: in the foreground until `agent stop`, SIGTERM or SIGINT. */
export async function agentRunCommand(options: VaultOptions): Promise<ExitCode> {
  const dataDir = dataDirOf(options);
  orFail(
    await runAgent({
      dataDir,
      onReady: (socketPath) =>
        process.stderr.write(`forgekeeper agent: listening on ${socketPath} (pid ${process.pid})\n`),
    }),
  );
  return EXIT.ok;
}

function report(options: VaultOptions, status: AgentStatus, text: string): ExitCode {
  if (options.json) printJson({ running: true, ...status });
  else process.stdout.write(`${text}\n`);
  return EXIT.ok;
}
