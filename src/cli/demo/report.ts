import type { Capability } from '../../domain/capability.js';
import type { ForgeId } from '../../domain/forge.js';
import { startSandbox } from '../../sandbox/index.js';
import { inspectToken } from '../../services/inspect-token.js';
import { toJson } from '../commands/inspect.js';
import { formatInspectReport } from '../format/inspect-report.js';
import { EXIT, type ExitCode } from '../run-command.js';

const DAY = 86_400_000;

interface DemoCase {
  title: string;
  forge: ForgeId;
  /** The sandbox control API's token request; the token it returns is what gets inspected. */
  token: Record<string, unknown>;
  require: Capability[];
  /** Turns the issued token into what a person might paste (a typo, the wrong forge). */
  paste?: (token: string) => string;
  as?: ForgeId;
}

function cases(now: number): DemoCase[] {
  const inDays = (days: number) => new Date(now + days * DAY).toISOString();
  const gitlabDate = (days: number) => inDays(days).slice(0, 10);
  return [
    {
      title: 'GitHub classic token that can do everything asked',
      forge: 'github',
      token: { kind: 'classic', login: 'octo', scopes: ['repo', 'workflow'], expiresAt: inDays(90) },
      require: ['read', 'push', 'workflows'],
    },
    {
      title: 'GitHub classic token lacking the workflow scope',
      forge: 'github',
      token: { kind: 'classic', login: 'octo', scopes: ['repo'], expiresAt: inDays(60) },
      require: ['push', 'workflows'],
    },
    {
      title: 'GitHub fine-grained token expiring in 10 days',
      forge: 'github',
      token: { kind: 'fine-grained', login: 'octo', expiresAt: inDays(10) },
      require: [],
    },
    {
      title: 'GitHub token that has expired (GitHub only says "Bad credentials")',
      forge: 'github',
      token: { kind: 'classic', login: 'octo', scopes: ['repo'], state: 'expired' },
      require: [],
    },
    {
      title: 'GitHub token with a typo',
      forge: 'github',
      token: { kind: 'classic', login: 'octo', scopes: ['repo'] },
      require: [],
      paste: (token) => `${token.slice(0, 10)}${token[10] === 'x' ? 'y' : 'x'}${token.slice(11)}`,
    },
    {
      title: 'GitLab token pasted as a GitHub token',
      forge: 'gitlab',
      token: { kind: 'personal', login: 'tanuki', scopes: ['api'] },
      require: [],
      as: 'github',
    },
    {
      title: 'GitLab personal access token',
      forge: 'gitlab',
      token: {
        kind: 'personal',
        login: 'tanuki',
        scopes: ['api', 'write_repository'],
        expiresAt: gitlabDate(200),
      },
      require: ['read', 'create-repo', 'push', 'pull-requests'],
    },
    {
      title: 'GitLab token that was revoked',
      forge: 'gitlab',
      token: { kind: 'personal', login: 'tanuki', scopes: ['api'], state: 'revoked' },
      require: [],
    },
    {
      title: 'GitLab token that has expired',
      forge: 'gitlab',
      token: { kind: 'personal', login: 'tanuki', scopes: ['api'], state: 'expired' },
      require: [],
    },
    {
      title: 'Bitbucket API token with scopes (used with the account email)',
      forge: 'bitbucket',
      token: {
        kind: 'api_token',
        login: 'bitbucketeer',
        email: 'bitbucketeer@example.com',
        scopes: ['read:user:bitbucket', 'read:repository:bitbucket', 'write:repository:bitbucket'],
      },
      require: ['read', 'push'],
    },
    {
      title: 'Bitbucket repository access token',
      forge: 'bitbucket',
      token: { kind: 'access_token', login: 'bitbucketeer', scopes: ['repository', 'pullrequest:write'] },
      require: ['read', 'pull-requests'],
    },
    {
      title: 'Bitbucket app password (removed on 2026-07-28)',
      forge: 'bitbucket',
      token: { kind: 'app_password', login: 'bitbucketeer', scopes: ['repository'] },
      require: [],
    },
  ];
}

/** `forgekeeper demo --report`: starts the sandbox forges, issues tokens of every kind and state, inspects each one, prints and exits. */
export async function demoReport(options: { json?: boolean }): Promise<ExitCode> {
  const sandbox = await startSandbox({ port: 0 });
  try {
    const now = Date.now();
    let index = 0;
    for (const demo of cases(now)) {
      index += 1;
      const issued = await issueToken(sandbox.urls.control, demo);
      const report = await inspectToken({
        raw: demo.paste ? demo.paste(issued.token) : issued.token,
        forge: demo.as ?? demo.forge,
        apiUrl: sandbox.urls[demo.as ?? demo.forge].api,
        email: typeof demo.token.email === 'string' ? demo.token.email : undefined,
        require: demo.require,
        adapter: { retries: 0 },
      });
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ title: demo.title, require: demo.require, ...toJson(report) })}\n`,
        );
        continue;
      }
      const required = demo.require.length > 0 ? ` — requiring ${demo.require.join(', ')}` : '';
      process.stdout.write(
        `\n${index}. ${demo.title}${required}\n${formatInspectReport(report, new Date())}`,
      );
    }
    if (!options.json) {
      process.stdout.write(
        '\nEvery token above was issued by the sandbox forges (`forgekeeper sandbox`), in the forges’ real formats.\n',
      );
    }
  } finally {
    await sandbox.close();
  }
  return EXIT.ok;
}

async function issueToken(control: string, demo: DemoCase): Promise<{ token: string }> {
  const response = await fetch(`${control}/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ forge: demo.forge, ...demo.token }),
  });
  if (!response.ok) throw new Error(`sandbox refused a demo token: ${response.status}`);
  return (await response.json()) as { token: string };
}
