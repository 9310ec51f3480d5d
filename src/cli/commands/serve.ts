import { serveConfig } from '../../server/config.js';
import { startForgekeeper } from '../../server/start.js';
import { CliError, EXIT, type ExitCode } from '../run-command.js';
import { orFail } from '../vault/fail.js';

export interface ServeOptions {
  host?: string;
  port?: string;
  dataDir?: string;
  /** commander's `--no-scheduler`. */
  scheduler?: boolean;
}

/**
 * Runs the server until SIGINT or SIGTERM, then shuts down gracefully and exits 0 (1 when requests
 * in flight had to be cut at the shutdown timeout). A second signal during shutdown exits at once.
 * The first stdout line says where it listens; logs are JSON lines on stderr.
 */
export async function serveCommand(options: ServeOptions): Promise<ExitCode> {
  const config = serveConfig(options, process.env);
  if (!config.ok) throw new CliError(config.error);
  const running = orFail(await startForgekeeper(config.value));
  for (const notice of running.notices) process.stderr.write(`notice: ${notice}\n`);
  process.stdout.write(`Forgekeeper is listening on ${running.url} (API reference: ${running.url}/docs)\n`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const force = () => process.exit(EXIT.cancelled);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  process.stderr.write(`forgekeeper: ${signal}: shutting down (finishing requests in flight)\n`);
  const { drained } = await running.close();
  process.off('SIGINT', force);
  process.off('SIGTERM', force);
  return drained ? EXIT.ok : EXIT.unusable;
}
