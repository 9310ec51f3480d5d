import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/sandbox/index.js';
import { findLeaks } from './support/leaks.js';
import { addFault, clearFaults, updateToken } from './support/sandbox-control.js';
import { addToken, runCliOnTty, type VaultCli, vaultCli } from './support/vault-cli.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

/** A vault with a GitHub and a Bitbucket token; answers their sandbox ids. */
async function twoTokens(cli: VaultCli) {
  const github = await cli.issue({ forge: 'github', kind: 'classic', login: 'octo', scopes: ['repo'] });
  const bitbucket = await cli.issue({
    forge: 'bitbucket',
    kind: 'api_token',
    login: 'bucky',
    email: 'bucky@example.com',
    scopes: ['read:user:bitbucket'],
  });
  await addToken(cli, github.token, [
    '--forge',
    'github',
    '--api-url',
    sandbox.urls.github.api,
    '--label',
    'gh',
  ]);
  await addToken(cli, bitbucket.token, [
    '--forge',
    'bitbucket',
    '--api-url',
    sandbox.urls.bitbucket.api,
    '--email',
    'bucky@example.com',
    '--label',
    'bb',
  ]);
  return { github, bitbucket };
}

describe('forgekeeper tokens refresh', () => {
  it('marks a token revoked at the forge invalid, and one whose forge fails with 5xx stale, never invalid', async () => {
    const cli = vaultCli(sandbox);
    const { github } = await twoTokens(cli);
    await updateToken(sandbox.urls.control, github.id, { state: 'revoked' });
    await addFault(sandbox.urls.control, { forge: 'bitbucket', type: 'status', status: 503 });
    try {
      const run = await cli.run(['tokens', 'refresh']);
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(
        /^Refreshed 2 tokens in [\d.]+ s: 1 checked, 1 stale \(the forge could not be asked\)\./,
      );
      expect(run.stdout).toContain('Now: 1 invalid, 1 stale.');
      expect(run.stdout).toMatch(/gh\s+github\/127\.0\.0\.1:\d+\s+invalid \[bad_credentials\]/);
      expect(run.stdout).toMatch(/bb\s+bitbucket\/127\.0\.0\.1:\d+\s+stale \[forge_unreachable\]/);
      // No terminal: no progress line.
      expect(run.stderr).toBe('');
    } finally {
      await clearFaults(sandbox.urls.control);
    }
    const json = await cli.run(['tokens', 'refresh', '--json', '--concurrency', '2']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      total: 2,
      checked: 2,
      stale: [],
      aborted: false,
      statuses: { invalid: 1, active: 1 },
    });
  });

  it('says so when there is nothing to refresh, and refuses a bad --concurrency', async () => {
    const cli = vaultCli(sandbox);
    const empty = await cli.run(['tokens', 'refresh']);
    expect([empty.code, empty.stdout]).toEqual([0, 'No tokens to refresh.\n']);
    const bad = await cli.run(['tokens', 'refresh', '--concurrency', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--concurrency must be a whole number from 1 to 64');
  });

  it('draws a progress bar on a terminal', async () => {
    const cli = vaultCli(sandbox);
    await twoTokens(cli);
    const run = await runCliOnTty(cli, ['tokens', 'refresh']);
    expect(run.code).toBe(0);
    // Redrawn in place: carriage return, the line, clear to the end of the line.
    expect(run.stdout).toMatch(/\rgithub 0\/1 ▕ +▏ bitbucket 0\/1 ▕ +▏/);
    expect(run.stdout).toContain('\rgithub 1/1 ✓ bitbucket 1/1 ✓\u001b[K');
    expect(run.stdout).toContain('Refreshed 2 tokens');
    expect(findLeaks(run.stdout, cli.tokens)).toEqual([]);
  });

  it('cancels cleanly on Ctrl-C: the summary, exit 130, statuses kept', async () => {
    const cli = vaultCli(sandbox);
    await twoTokens(cli);
    await addFault(sandbox.urls.control, { forge: '*', type: 'latency', ms: 10_000 });
    try {
      const started = Date.now();
      const run = await runCliOnTty(cli, ['tokens', 'refresh'], { keys: '\u0003', delayMs: 1_000 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(run.code).toBe(130);
      expect(run.stdout).toMatch(/Refreshed 2 tokens in [\d.]+ s: 0 checked, 2 cancelled\./);
      expect(run.stdout).toContain('Cancelled: the tokens not checked keep their last known status.');
      expect(run.stdout).toContain('Now: 2 active.');
    } finally {
      await clearFaults(sandbox.urls.control);
    }
  });
});
