import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/sandbox/index.js';
import { addFault, clearFaults } from './support/sandbox-control.js';
import { addToken, vaultCli } from './support/vault-cli.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

const FUTURE = '2099-01-01T00:00:00Z';

interface View {
  id: string;
  label: string | null;
  forge: string;
  status: string;
  statusCode: string | null;
  isDefault: boolean;
  mask: string;
  email: string | null;
  account: { login: string } | null;
}

describe('forgekeeper tokens (the built CLI against the sandbox forges)', () => {
  it('adds GitHub, GitLab and Bitbucket tokens from stdin through configured hosts, and lists them', async () => {
    const cli = vaultCli(sandbox);
    const empty = await cli.run(['tokens', 'list']);
    expect(empty.stdout).toBe('No tokens.\n');
    expect(empty.stderr).toContain('notice: A new master key was generated');
    await cli.addSandboxHosts();
    const github = await cli.issue({
      forge: 'github',
      kind: 'classic',
      login: 'octo',
      scopes: ['repo'],
      expiresAt: FUTURE,
    });
    const gitlab = await cli.issue({ forge: 'gitlab', kind: 'personal', login: 'tanuki', scopes: ['api'] });
    const bitbucket = await cli.issue({
      forge: 'bitbucket',
      kind: 'api_token',
      login: 'bucky',
      email: 'bucky@example.com',
      scopes: ['read:user:bitbucket', 'read:repository:bitbucket'],
    });

    const added = await cli.run(['tokens', 'add', '--host', 'sb-github', '--label', 'main'], {
      stdin: `${github.token}\n`,
    });
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('"main", the default for github/sb-github');
    expect(added.stdout).toContain('Account    octo');
    expect(added.stdout).toContain('✓ push');
    expect(added.stderr).toBe('');

    const lab = await cli.run(['tokens', 'add', '--host', 'sb-gitlab', '--label', 'lab', '--json'], {
      stdin: gitlab.token,
    });
    expect(lab.code).toBe(0);
    expect(JSON.parse(lab.stdout)).toMatchObject({
      created: true,
      notice: null,
      record: { forge: 'gitlab', label: 'lab', isDefault: true, account: { login: 'tanuki' } },
      inspection: { forge: 'gitlab', status: 'active', scopes: ['api'] },
    });
    expect(lab.stderr).not.toContain('notice:');
    await addToken(cli, bitbucket.token, [
      '--forge',
      'bitbucket',
      '--host',
      'sb-bitbucket',
      '--email',
      'bucky@example.com',
    ]);

    const table = await cli.run(['tokens', 'list']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+LABEL\s+FORGE\/HOST\s+ACCOUNT\s+KIND\s+MASK\s+STATUS\s+EXPIRES\s+LAST USED\s+DEFAULT$/,
    );
    expect(lines).toHaveLength(4);
    expect(table.stdout).toMatch(
      /main\s+github\/sb-github\s+octo\s+classic\s+ghp_…\S{4}\s+active\s+in \d+ d\s+never\s+\*/,
    );
    expect(table.stdout).toContain('bitbucket/sb-bitbucket');

    const json = await cli.run(['tokens', 'list', '--json']);
    const views = JSON.parse(json.stdout) as View[];
    expect(views.map((view) => view.forge).sort()).toEqual(['bitbucket', 'github', 'gitlab']);
    expect(views.find((view) => view.forge === 'bitbucket')).toMatchObject({
      email: 'bucky@example.com',
      status: 'active',
    });
    expect(JSON.stringify(views)).not.toMatch(/fingerprint|sealed|keyId/);

    const onlyGitlab = JSON.parse(
      (await cli.run(['tokens', 'list', '--host', 'sb-gitlab', '--json'])).stdout,
    ) as View[];
    expect(onlyGitlab.map((view) => view.label)).toEqual(['lab']);

    const shown = await cli.run(['tokens', 'show', 'main']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^GitHub · classic token ghp_…/);
    expect(shown.stdout).toContain(`Host       github/sb-github (${sandbox.urls.github.api})`);
    expect(shown.stdout).toContain('Expires    2099-01-01');
    // The id the table shows selects the token.
    const shortId = lines.find((line) => line.includes(' main '))?.split(/\s+/)[0] ?? '';
    const byPrefix = JSON.parse((await cli.run(['tokens', 'show', shortId, '--json'])).stdout) as View;
    expect(byPrefix.label).toBe('main');
  });

  it('checks a stored token: 0 usable, 1 for an unmet requirement, 3 when the forge is down (not invalid)', async () => {
    const cli = vaultCli(sandbox);
    const issued = await cli.issue({
      forge: 'github',
      kind: 'classic',
      login: 'octo',
      scopes: ['repo'],
      expiresAt: FUTURE,
    });
    const record = await addToken(cli, issued.token, [
      '--forge',
      'github',
      '--api-url',
      sandbox.urls.github.api,
      '--label',
      'ci',
    ]);

    const ok = await cli.run(['tokens', 'check', 'ci', '--require', 'push']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Status     active');

    const unmet = await cli.run(['tokens', 'check', record.id, '--require', 'push,workflows', '--json']);
    expect(unmet.code).toBe(1);
    expect(JSON.parse(unmet.stdout)).toMatchObject({
      record: { status: 'insufficient_scope' },
      inspection: { missing: ['workflows'], scopesToAdd: ['workflow'] },
    });

    await addFault(sandbox.urls.control, { forge: 'github', type: 'status', status: 503 });
    try {
      const down = await cli.run(['tokens', 'check', 'ci', '--json']);
      expect(down.code).toBe(3);
      expect(JSON.parse(down.stdout)).toMatchObject({ error: { code: 'forge_unreachable' } });
    } finally {
      await clearFaults(sandbox.urls.control);
    }
    const after = JSON.parse((await cli.run(['tokens', 'show', 'ci', '--json'])).stdout) as View;
    expect(after.status).not.toBe('invalid');
  });

  it('stores a token while its forge is down as stale, with the notice, exit 3', async () => {
    const cli = vaultCli(sandbox);
    const issued = await cli.issue({ forge: 'gitlab', kind: 'personal', login: 'tanuki' });
    await addFault(sandbox.urls.control, { forge: 'gitlab', type: 'status', status: 502 });
    try {
      const run = await cli.run(
        ['tokens', 'add', '--forge', 'gitlab', '--api-url', sandbox.urls.gitlab.api],
        {
          stdin: issued.token,
        },
      );
      expect(run.code).toBe(3);
      expect(run.stdout).toContain(
        'Notice     GitLab could not be asked about the token (forge_unreachable)',
      );
    } finally {
      await clearFaults(sandbox.urls.control);
    }
    const [view] = JSON.parse((await cli.run(['tokens', 'list', '--json'])).stdout) as View[];
    expect(view).toMatchObject({ status: 'stale', statusCode: 'forge_unreachable' });
    expect((await cli.run(['tokens', 'list'])).stdout).toMatch(/stale\s+unknown\s+never/);
  });

  it('refuses a dead token with the catalogue error: stderr for people, JSON on stdout with --json', async () => {
    const cli = vaultCli(sandbox);
    const issued = await cli.issue({ forge: 'gitlab', kind: 'personal', login: 'tanuki', state: 'revoked' });
    const args = ['tokens', 'add', '--forge', 'gitlab', '--api-url', sandbox.urls.gitlab.api];
    const human = await cli.run(args, { stdin: issued.token });
    expect(human.code).toBe(1);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/error \[token_revoked\]: .*revoked/);
    expect(human.stderr).toContain('→ Create a new token');
    expect(human.stderr).not.toMatch(/\bat .*\.js:\d+/);

    const json = await cli.run([...args, '--json'], { stdin: issued.token });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: { code: 'token_revoked', remediation: expect.any(String) },
    });
    expect(JSON.parse((await cli.run(['tokens', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('keeps several accounts per host: default and label select, an ambiguous prefix lists the candidates', async () => {
    const cli = vaultCli(sandbox);
    const first = await cli.issue({ forge: 'github', kind: 'classic', login: 'first', scopes: ['repo'] });
    const second = await cli.issue({ forge: 'github', kind: 'classic', login: 'second', scopes: ['repo'] });
    const apiUrl = ['--forge', 'github', '--api-url', sandbox.urls.github.api];
    const one = await addToken(cli, first.token, [...apiUrl, '--label', 'work']);
    const two = await addToken(cli, second.token, apiUrl);
    expect([one.isDefault, two.isDefault]).toEqual([true, false]);

    const made = await cli.run(['tokens', 'default', two.id]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`Token ${two.id} is now the default for github/`);
    const labelled = await cli.run(['tokens', 'label', two.id, 'home']);
    expect(labelled.stdout).toContain('is now labelled "home"');
    const views = JSON.parse((await cli.run(['tokens', 'list', '--json'])).stdout) as View[];
    expect(views.map((view) => [view.label, view.isDefault])).toEqual([
      ['work', false],
      ['home', true],
    ]);

    const taken = await cli.run(['tokens', 'label', 'home', 'work']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('error [conflict]');

    // Both ids begin with the same timestamp (UUIDv7), so a prefix of it selects neither.
    let common = 0;
    while (one.id[common] === two.id[common]) common += 1;
    const prefix = one.id.slice(0, Math.max(6, common));
    const ambiguous = await cli.run(['tokens', 'show', prefix]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(`"${prefix}" matches 2 tokens`);
    expect(ambiguous.stderr).toContain(`${one.id}  work`);
    expect(ambiguous.stderr).toContain(`${two.id}  home`);

    const cleared = await cli.run(['tokens', 'label', 'work', '--clear', '--json']);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ id: one.id, label: null });
    const missing = await cli.run(['tokens', 'show', 'work']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error [not_found]');
  });
});
