import type { ExitCode } from '../run-command.js';

export interface DemoOptions {
  report?: boolean;
  json?: boolean;
  host?: string;
  port?: string;
  dataDir?: string;
}

/**
 * `forgekeeper demo`: the whole product offline — the sandbox forges, the server pointed at them, a
 * demo user with tokens of every state — until SIGINT/SIGTERM. `--report`: the one-shot inspection
 * report of tokens of every kind and state instead.
 */
export async function demoCommand(options: DemoOptions): Promise<ExitCode> {
  if (options.report || options.json) {
    return (await import('../demo/report.js')).demoReport({ json: options.json ?? false });
  }
  const { serveDemo } = await import('../demo/serve-demo.js');
  return serveDemo({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  });
}
