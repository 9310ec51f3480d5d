import { fkError } from '../../domain/errors/error.js';
import { startSandbox } from '../../sandbox/index.js';
import { CliError, EXIT, type ExitCode } from '../run-command.js';

/**
 * Serves the sandbox forges until SIGINT/SIGTERM. The first stdout line is one JSON object with the
 * API base URLs and the control URL, so scripts can read it and go.
 */
export async function sandboxCommand(options: { port: string; latency: string }): Promise<ExitCode> {
  const port = Number(options.port);
  const latencyMs = Number(options.latency);
  if (!Number.isInteger(port) || port < 0 || port > 65_535 || !Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new CliError(
      fkError('invalid_input', {
        message: '--port must be an integer from 0 to 65535 and --latency a number of milliseconds ≥ 0.',
        remediation: 'For example: forgekeeper sandbox --port 8700 --latency 50',
      }),
    );
  }
  const sandbox = await startSandbox({ port, latencyMs });
  process.stdout.write(`${JSON.stringify(sandbox.urls)}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
  return EXIT.ok;
}
