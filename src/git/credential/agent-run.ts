import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { openVault } from '../../services/vault/index.js';
import { agentSocketPath } from './agent-paths.js';
import { startAgent } from './agent-server.js';

/**
 * `forgekeeper agent run`: the agent in the foreground until `agent stop`, SIGTERM or SIGINT. It
 * opens the vault once (the master key stays in this process's memory, as ssh-agent keeps keys) and
 * closes it on the way out. `onReady` is told the socket path once it listens.
 */
export async function runAgent(options: {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  onReady?: (socketPath: string) => void;
}): Promise<Result<void, FkError>> {
  const env = options.env ?? process.env;
  const opened = await openVault({ dataDir: options.dataDir, env });
  if (!opened.ok) return opened;
  const vault = opened.value;
  const socketPath = agentSocketPath(env, options.dataDir);
  const started = await startAgent({ vault, socketPath, dataDir: options.dataDir });
  if (!started.ok) {
    await vault.close();
    return err(started.error);
  }
  const agent = started.value;
  const onSignal = () => void agent.close();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  options.onReady?.(socketPath);
  await agent.stopped;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  await vault.close();
  return ok(undefined);
}
