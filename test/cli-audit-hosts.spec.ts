import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/sandbox/index.js';
import { openVault } from '../src/services/vault/index.js';
import { LOCAL_OWNER_ID } from '../src/store/types.js';
import { addToken, vaultCli } from './support/vault-cli.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

interface AuditPage {
  items: {
    action: string;
    outcome: string;
    tokenId: string | null;
    target: string | null;
    errorCode: string | null;
  }[];
  nextCursor: string | null;
}

describe('forgekeeper audit', () => {
  it('lists add, check, use and remove newest first, filtered and paged, with no token text', async () => {
    const cli = vaultCli(sandbox);
    const issued = await cli.issue({ forge: 'github', kind: 'classic', login: 'octo', scopes: ['repo'] });
    const record = await addToken(cli, issued.token, [
      '--forge',
      'github',
      '--api-url',
      sandbox.urls.github.api,
      '--label',
      'main',
    ]);
    expect((await cli.run(['tokens', 'check', 'main', '--require', 'workflows'])).code).toBe(1);
    // A use, as the git credential helper or the server would make it: the vault lends the token.
    const vault = await openVault({ dataDir: cli.dataDir, env: {} });
    if (!vault.ok) throw new Error(vault.error.message);
    await vault.value.withToken(LOCAL_OWNER_ID, { id: record.id }, 'push octo/demo', async (secret) =>
      secret.mask(),
    );
    await vault.value.close();
    // A refused add (wrong forge) is audited too, with no token.
    expect((await cli.run(['tokens', 'add', '--forge', 'gitlab'], { stdin: issued.token })).code).toBe(1);
    expect((await cli.run(['tokens', 'remove', 'main', '--yes'])).code).toBe(0);

    const table = await cli.run(['audit']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^AT\s+ACTION\s+OUTCOME\s+TOKEN\s+FORGE\s+TARGET\s+ERROR\s+ACTOR$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[2])).toEqual([
      'remove',
      'add',
      'use',
      'check',
      'add',
    ]);
    expect(table.stdout).toMatch(/use\s+ok\s+\S+\s+github\s+push octo\/demo/);
    expect(table.stdout).toMatch(/check\s+error\s+\S+\s+github\s+-\s+insufficient_scope\s+cli/);
    expect(table.stdout).toMatch(/add\s+error\s+-\s+gitlab\s+-\s+wrong_forge/);

    const page = (args: string[]) =>
      cli.run(['audit', ...args, '--json']).then((run) => JSON.parse(run.stdout) as AuditPage);
    // Reads only: side by side.
    const [adds, errors, ofToken, future, lastHour, first] = await Promise.all([
      page(['--action', 'add']),
      page(['--outcome', 'error']),
      // The token is removed: its full id still finds its events.
      page(['--token', record.id]),
      page(['--since', '2099-01-01']),
      page(['--since', '1h']),
      page(['--limit', '2']),
    ]);
    expect(adds.items.map((item) => item.outcome)).toEqual(['error', 'ok']);
    expect(errors.items.map((item) => item.action)).toEqual(['add', 'check']);
    expect(ofToken.items.map((item) => item.action)).toEqual(['remove', 'use', 'check', 'add']);
    expect(future.items).toEqual([]);
    expect(lastHour.items).toHaveLength(5);

    expect(first.items.map((item) => item.action)).toEqual(['remove', 'add']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await page(['--limit', '2', '--cursor', first.nextCursor ?? '']);
    expect(second.items.map((item) => item.action)).toEqual(['use', 'check']);
    const paged = await cli.run(['audit', '--limit', '2']);
    expect(paged.stdout).toContain(`More: forgekeeper audit --cursor ${first.nextCursor}`);
  });
});

describe('forgekeeper hosts', () => {
  it('adds, lists and removes named hosts; tokens add and list take --host', async () => {
    const cli = vaultCli(sandbox);
    const added = await cli.run([
      'hosts',
      'add',
      'gitlab',
      '--api-url',
      `${sandbox.urls.gitlab.api}/`,
      '--name',
      'lab',
      '--json',
    ]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({
      name: 'lab',
      forge: 'gitlab',
      apiUrl: sandbox.urls.gitlab.api,
      builtin: false,
    });
    const unnamed = await cli.run(['hosts', 'add', 'github', '--api-url', sandbox.urls.github.api]);
    const hostName = new URL(sandbox.urls.github.api).host;
    expect(unnamed.stdout).toBe(
      `Added host ${hostName}: github at ${sandbox.urls.github.api}. Use it with --host ${hostName}.\n`,
    );

    const table = await cli.run(['hosts', 'list']);
    expect(table.stdout).toMatch(/^NAME\s+FORGE\s+API URL\s+SOURCE\n/);
    expect(table.stdout).toMatch(/github\.com\s+github\s+https:\/\/api\.github\.com\s+built in/);
    expect(table.stdout).toMatch(
      new RegExp(`lab\\s+gitlab\\s+${sandbox.urls.gitlab.api.replaceAll('.', '\\.')}\\s+configured`),
    );

    const issued = await cli.issue({ forge: 'gitlab', kind: 'personal', login: 'tanuki' });
    await addToken(cli, issued.token, ['--host', 'lab']);
    const listed = await cli.run(['tokens', 'list']);
    expect(listed.stdout).toMatch(/gitlab\/lab\s+tanuki/);
    expect(JSON.parse((await cli.run(['tokens', 'list', '--host', 'lab', '--json'])).stdout)).toHaveLength(1);

    const duplicate = await cli.run([
      'hosts',
      'add',
      'gitlab',
      '--api-url',
      sandbox.urls.gitlab.api,
      '--name',
      'lab',
    ]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('error [conflict]: A host named lab already exists.');
    const builtin = await cli.run(['hosts', 'remove', 'github.com']);
    expect(builtin.code).toBe(2);
    expect(builtin.stderr).toContain('github.com is built in and cannot be removed.');

    const removed = await cli.run(['hosts', 'remove', 'lab']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Removed host lab');
    const gone = await cli.run(['tokens', 'list', '--host', 'lab']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('error [not_found]: No host named lab.');
  });
});

describe('bad invocations', () => {
  it('exit 2 with a clear message, before touching the data directory', async () => {
    const cli = vaultCli(sandbox);
    const cases: [string[], RegExp][] = [
      [['tokens', 'show'], /missing required argument 'token'/],
      [['tokens', 'list', '--colour'], /unknown option '--colour'/],
      [['tokens', 'list', '--status', 'fine'], /Unknown status: fine\./],
      [['tokens', 'add', '--forge', 'gitea'], /Allowed choices are github, gitlab, bitbucket/],
      [['tokens', 'add', '--api-url', 'http://x', '--host', 'y'], /Give --api-url or --host, not both\./],
      [['tokens', 'add', '--require', 'fly'], /Unknown capability: fly\./],
      [['tokens', 'label', 'main'], /Give a new label, or --clear/],
      [['tokens', 'rotate', 'main', '--expires-at', 'next week'], /--expires-at must be a date YYYY-MM-DD\./],
      [['audit', '--since', 'yesterday'], /--since yesterday is neither a date nor a span\./],
      [['audit', '--limit', '0'], /--limit must be a whole number from 1 to 1000\./],
      [['audit', '--outcome', 'maybe'], /Allowed choices are ok, error/],
      [['hosts', 'add', 'github'], /required option '--api-url <url>' not specified/],
      [['hosts', 'add', 'github', '--api-url', 'ftp://example.com'], /--api-url is not an http\(s\) URL\./],
    ];
    // Independent runs that write nothing: run them side by side.
    const runs = await Promise.all(cases.map(([args]) => cli.run(args)));
    cases.forEach(([args, message], index) => {
      const run = runs[index];
      expect(run?.code, args.join(' ')).toBe(2);
      expect(run?.stderr, args.join(' ')).toMatch(message);
      expect(run?.stderr).not.toMatch(/\bat .*\.js:\d+/);
    });
    // Nothing above opened the vault: no key was generated.
    const first = await cli.run(['tokens', 'list']);
    expect(first.stderr).toContain('notice: A new master key was generated');

    const cursor = await cli.run(['audit', '--cursor', 'junk', '--json']);
    expect(cursor.code).toBe(2);
    expect(JSON.parse(cursor.stdout)).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('refuses a token given where an id or label goes, without echoing it', async () => {
    const cli = vaultCli(sandbox);
    const issued = await cli.issue({ forge: 'github', kind: 'classic', login: 'octo' });
    // The token is in argv here on purpose: the CLI must not repeat it.
    for (const args of [
      ['tokens', 'show', issued.token],
      ['tokens', 'add', '--label', issued.token],
    ]) {
      const run = await cli.run(args, { stdin: '' });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('looks like a token. Tokens never go on the command line.');
    }
  });
});
