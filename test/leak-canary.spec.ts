import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForgeId } from '../src/domain/forge.js';
import type { RequestEvent } from '../src/forges/types.js';
import { type RunningSandbox, startSandbox } from '../src/sandbox/index.js';
import { inspectToken } from '../src/services/inspect-token.js';
import { runCli } from './support/cli.js';
import { findLeaks } from './support/leaks.js';
import { addFault, clearFaults, issueToken } from './support/sandbox-control.js';

// Canary tokens of every forge, kind and state go through every inspection path and fault; the
// test then searches everything that came out — reports, errors, request events, CLI stdout and
// stderr, the sandbox's own request log — for any fragment of any canary.
const TOKEN_SPECS: Array<Record<string, unknown> & { forge: ForgeId }> = [
  { forge: 'github', kind: 'classic', scopes: ['repo'] },
  { forge: 'github', kind: 'fine-grained' },
  { forge: 'github', kind: 'classic', state: 'revoked' },
  { forge: 'github', kind: 'classic', state: 'expired' },
  { forge: 'gitlab', kind: 'personal', scopes: ['api'] },
  { forge: 'gitlab', kind: 'personal', format: 'legacy', scopes: ['read_api'] },
  { forge: 'gitlab', kind: 'personal', state: 'expired' },
  { forge: 'gitlab', kind: 'personal', state: 'revoked' },
  { forge: 'bitbucket', kind: 'api_token', email: 'canary@example.com', scopes: ['read:user:bitbucket'] },
  { forge: 'bitbucket', kind: 'access_token', scopes: ['repository'] },
  { forge: 'bitbucket', kind: 'app_password' },
];

const FAULTS: Array<Record<string, unknown> | null> = [
  null,
  { type: 'status', status: 502 },
  { type: 'reset' },
  { type: 'timeout', ms: 2_000 },
  { type: 'rate_limit' },
  { type: 'html' },
];

let sandbox: RunningSandbox;
const canaries: Array<{ spec: (typeof TOKEN_SPECS)[number]; token: string }> = [];
const captured: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  for (const [index, spec] of TOKEN_SPECS.entries()) {
    const { token } = await issueToken(sandbox.urls.control, { login: `canary${index}`, ...spec });
    canaries.push({ spec, token });
  }
});
afterAll(async () => {
  await sandbox?.close();
});

describe('leak canary', () => {
  it('registers every token the sandbox issues for the suite-wide file scan', () => {
    const registry = readFileSync(process.env.FORGEKEEPER_CANARY_FILE ?? '', 'utf8');
    for (const { token } of canaries) expect(registry.includes(token)).toBe(true);
  });

  it('no inspection path or fault puts token text in a report, an error or a request event', async () => {
    for (const fault of FAULTS) {
      if (fault) await addFault(sandbox.urls.control, { forge: '*', ...fault });
      for (const { spec, token } of canaries) {
        const events: RequestEvent[] = [];
        for (const raw of [token, ` Bearer ${token}\n`, `${token.slice(0, -1)}#`]) {
          const report = await inspectToken({
            raw,
            forge: spec.forge,
            apiUrl: sandbox.urls[spec.forge].api,
            email: typeof spec.email === 'string' ? spec.email : undefined,
            require: ['push', 'workflows'],
            adapter: { timeoutMs: 300, retries: 1, backoffMs: 5, onRequest: (event) => events.push(event) },
          });
          captured.push(JSON.stringify(report), String(report.error?.message), JSON.stringify(events));
        }
      }
      await clearFaults(sandbox.urls.control);
    }
    const log = await (await fetch(`${sandbox.urls.control}/requests`)).text();
    captured.push(log);
    expect(log.length).toBeGreaterThan(100);
    const tokens = canaries.map((canary) => canary.token);
    expect(findLeaks(captured.join('\n'), tokens)).toEqual([]);
  }, 120_000);

  it('no CLI output — human, JSON or error — contains token text', async () => {
    const outputs: string[] = [];
    for (const fault of [null, { type: 'status', status: 500 }, { type: 'rate_limit' }]) {
      if (fault) await addFault(sandbox.urls.control, { forge: '*', ...fault });
      for (const { spec, token } of canaries) {
        const args = [
          'inspect',
          '--forge',
          spec.forge,
          '--api-url',
          sandbox.urls[spec.forge].api,
          '--timeout',
          '500',
        ];
        if (typeof spec.email === 'string') args.push('--email', spec.email);
        const variants = fault ? [['--json']] : [[], ['--json'], ['--offline']];
        for (const extra of variants) {
          const run = await runCli([...args, ...extra], { stdin: token });
          outputs.push(run.stdout, run.stderr);
        }
      }
      await clearFaults(sandbox.urls.control);
    }
    expect(outputs.join('').length).toBeGreaterThan(1000);
    expect(
      findLeaks(
        outputs.join('\n'),
        canaries.map((canary) => canary.token),
      ),
    ).toEqual([]);
  }, 120_000);
});
