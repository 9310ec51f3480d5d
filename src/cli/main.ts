import { Command, Option } from 'commander';
import { registerAudit } from './register/audit.js';
import { registerAgent, registerExec, registerGit } from './register/git.js';
import { registerHosts } from './register/hosts.js';
import { registerKeys } from './register/keys.js';
import { registerRepo } from './register/repo.js';
import { registerServe } from './register/serve.js';
import { registerTokens } from './register/tokens.js';
import { runCommand } from './run-command.js';

// Every command's implementation is loaded with import() only when that command runs: the bundle
// is split per command, so `inspect --offline` never loads the HTTP pipeline or the sandbox.
const program = new Command('forgekeeper')
  .description('Keep, check and use personal access tokens for GitHub, GitLab and Bitbucket.')
  .version('0.1.0')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) })
  .exitOverride();

program
  .command('inspect')
  .description(
    'Say what a token is, whose it is, what it can do and when it expires. Reads the token from stdin.',
  )
  .addOption(
    new Option('--forge <forge>', 'the forge the token is for').choices(['github', 'gitlab', 'bitbucket']),
  )
  .option('--api-url <url>', 'API base URL (GitHub Enterprise Server, self-managed GitLab, the sandbox)')
  .option('--email <address>', 'Atlassian account email (Bitbucket API tokens)')
  .option('--require <capabilities>', 'comma-separated capabilities the token must have')
  .option('--token-env <name>', 'read the token from this environment variable instead of stdin')
  .option('--offline', 'run only the offline checks (format, checksum, forge)')
  .option('--warn-days <days>', 'days before expiry that count as expiring', '14')
  .option('--timeout <ms>', 'timeout of each request to the forge, in milliseconds', '10000')
  .option('--json', 'print one JSON object')
  .action((options) =>
    runCommand(async () => (await import('./commands/inspect.js')).inspectCommand(options)),
  );

program
  .command('sandbox')
  .description('Serve local imitations of the GitHub, GitLab and Bitbucket APIs until interrupted.')
  .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '0')
  .option('--latency <ms>', 'latency added to every forge API request', '0')
  .action((options) =>
    runCommand(async () => (await import('./commands/sandbox.js')).sandboxCommand(options)),
  );

program
  .command('demo')
  .description(
    'Try Forgekeeper offline: the sandbox forges and the server pointed at them, with a demo user and tokens of every state, until SIGINT/SIGTERM.',
  )
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'port to listen on (0 picks a free one)', '8080')
  .option('--data-dir <dir>', 'an empty data directory to keep (default: a temporary one, deleted on exit)')
  .option('--report', 'instead: inspect tokens of every kind and state on the sandbox forges, print and exit')
  .option('--json', 'with --report: print the reports as JSON lines')
  .action((options) => runCommand(async () => (await import('./commands/demo.js')).demoCommand(options)));

// The vault's commands; each group registers its own (register/), actions load lazily as above.
registerTokens(program);
registerAudit(program);
registerHosts(program);
registerKeys(program);
registerServe(program);
registerGit(program);
registerAgent(program);
registerExec(program);
registerRepo(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // commander throws after printing usage errors (exitOverride); --help and --version exit 0.
  const code = (error as { exitCode?: number }).exitCode;
  process.exitCode = code === 0 ? 0 : 2;
}
