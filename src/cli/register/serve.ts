import type { Command } from 'commander';
import { runCommand } from '../run-command.js';

/** `forgekeeper serve`: the REST API, its reference at /docs, probes and metrics (docs/server.md). */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the Forgekeeper server (REST API, /docs, /healthz, /readyz, /metrics) and the daily token re-check, until SIGINT/SIGTERM.',
    )
    .option('--host <host>', 'address to listen on; else FORGEKEEPER_HOST, else 127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one); else FORGEKEEPER_PORT, else 8080')
    .option(
      '--data-dir <dir>',
      'data directory (SQLite and the master key file); else FORGEKEEPER_DATA_DIR, else ./data. FORGEKEEPER_DATABASE_URL=postgres://… selects PostgreSQL',
    )
    .option('--no-scheduler', 'do not run the daily re-check in this process (FORGEKEEPER_SCHEDULER=off)')
    .action((options) =>
      runCommand(async () => (await import('../commands/serve.js')).serveCommand(options)),
    );
}
