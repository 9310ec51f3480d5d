import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../src/forges/registry.js';
import { REPO_TOKENS, type RepoTokenCase, repoToken } from '../src/forges/testing/repo-tokens.js';
import { git, scratchDir, worktreeBytes } from '../src/sandbox/git/git-client-fixture.js';
import { type RunningSandbox, startSandbox } from '../src/sandbox/index.js';
import { buildApp } from '../src/server/app.js';
import { openTestAccounts } from '../src/server/testing/app-fixture.js';
import { must } from '../src/services/accounts/testing/accounts-fixture.js';
import type { Vault } from '../src/services/vault/index.js';
import { makeSqliteVaultTarget, type VaultTarget } from '../src/services/vault/testing/vault-target.js';
import type { Store } from '../src/store/index.js';
import { findLeaks } from './support/leaks.js';
import { addToken, vaultCli } from './support/vault-cli.js';

/*
 * Issue 5 end to end, for each forge, through the REST API of a real server (buildApp on a SQLite
 * vault in a temporary directory, listening on a port) pointed at the sandbox forges: create a
 * repository → commit 1,000 files (text, a few binary, nested directories, executables) → `git
 * clone` it with plain system git through the sandbox's git hosting → compare the cloned tree byte
 * for byte with what was sent → open a pull request from a second branch. The token reaches git
 * through a credential helper that reads it from the git child's environment (test support in
 * src/sandbox/git/git-client-fixture.ts): never a URL, an argument or a file.
 */

interface SentFile {
  path: string;
  bytes: Buffer;
  executable: boolean;
}

/** 1,000 files: text of varied sizes in nested directories, eight binary files, two executables. */
function makeFiles(): SentFile[] {
  return Array.from({ length: 1000 }, (_, i) => {
    if (i % 125 === 7) {
      return {
        path: `assets/bin-${i}/blob-${i}.dat`,
        bytes: Buffer.concat([Buffer.from([0, 0xff, 0]), randomBytes(3000)]),
        executable: false,
      };
    }
    if (i === 500 || i === 501) {
      return { path: `scripts/run-${i}.sh`, bytes: Buffer.from(`#!/bin/sh\necho ${i}\n`), executable: true };
    }
    const line = `export const value${i} = ${JSON.stringify(`ünïcode ${i} ✓`)};\n`;
    return {
      path: `src/m${i % 7}/sub${i % 3}/file-${i}.ts`,
      bytes: Buffer.from(line.repeat(1 + (i % 40))),
      executable: false,
    };
  });
}

describe('repositories end to end through the REST API', () => {
  let sandbox: RunningSandbox;
  let target: VaultTarget;
  let vault: Vault;
  let accountsStore: Store;
  let app: FastifyInstance;
  let base: string;
  let apiKey: string;
  const issued: string[] = [];
  const scratch: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    target = await makeSqliteVaultTarget();
    vault = await target.open();
    const { accounts, store } = await openTestAccounts(target);
    accountsStore = store;
    app = await buildApp({ vault, accounts, logger: false, webRoot: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const code = must(await accounts.issueSetupCode()).code.reveal();
    must(await accounts.completeSetup({ code, username: 'root', password: 'root password long' }));
    const session = await api('POST', '/api/v1/session', {
      username: 'root',
      password: 'root password long',
    });
    const cookie = String(session.headers.get('set-cookie')).split(';')[0] ?? '';
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const key = await fetch(`${base}/api/v1/api-keys`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'platform', scopes: ['tokens:read', 'tokens:use'] }),
    });
    expect(key.status).toBe(201);
    apiKey = ((await key.json()) as { key: string }).key;
  });

  afterAll(async () => {
    await app?.close();
    await accountsStore?.close();
    await vault?.close();
    await target?.dispose();
    await sandbox?.close();
    await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  /** One API call; fails the test if any issued token appears in the answer. */
  async function api(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.clone().text();
    expect(
      findLeaks(`${JSON.stringify([...response.headers])}\n${text}`, issued),
      `${method} ${path}`,
    ).toEqual([]);
    return response;
  }

  async function json<T>(response: Response, status: number): Promise<T> {
    const text = await response.text();
    expect(response.status, text.slice(0, 500)).toBe(status);
    return JSON.parse(text) as T;
  }

  it.each(REPO_TOKENS)(
    '$forge: create → commit 1,000 files → git clone equals what was sent → pull request',
    async (c) => {
      const token = await issueToken(c);
      const stored = await json<{ token: { id: string } }>(
        await api('POST', '/api/v1/tokens', {
          forge: c.forge,
          token,
          apiUrl: sandbox.urls[c.forge].api,
          ...(c.email === undefined ? {} : { email: c.email }),
        }),
        201,
      );
      const id = stored.token.id;

      const created = await json<{
        repository: { fullName: string; cloneUrl: string; private: boolean };
        created: boolean;
      }>(
        await api('POST', `/api/v1/tokens/${id}/repos`, { name: 'generated-app', description: 'end to end' }),
        201,
      );
      expect(created).toMatchObject({
        created: true,
        repository: { fullName: `${c.login}/generated-app`, private: true },
      });
      const reused = await api('POST', `/api/v1/tokens/${id}/repos`, {
        name: 'generated-app',
        ifExists: 'reuse',
      });
      expect(await json(reused, 200)).toMatchObject({
        created: false,
        repository: { fullName: `${c.login}/generated-app` },
      });
      const taken = await json<{ error: { code: string } }>(
        await api('POST', `/api/v1/tokens/${id}/repos`, { name: 'generated-app' }),
        409,
      );
      expect(taken.error.code).toBe('repo_exists');

      const files = makeFiles();
      const repo = `${c.login}/generated-app`;
      const commit = await json<{ sha: string; branch: string }>(
        await api('POST', `/api/v1/tokens/${id}/commits`, {
          repo,
          branch: 'main',
          message: 'Generated code',
          author: { name: 'Platform Bot', email: 'bot@example.com' },
          files: files.map((file) => ({
            path: file.path,
            ...(isUtf8Text(file.bytes)
              ? { content: file.bytes.toString('utf8'), encoding: 'utf-8' }
              : { content: file.bytes.toString('base64'), encoding: 'base64' }),
            ...(file.executable ? { executable: true } : {}),
          })),
        }),
        201,
      );
      expect(commit.sha).toMatch(/^[0-9a-f]{40}$/);

      const branches = await json<{ items: { name: string; sha: string }[]; defaultBranch: string }>(
        await api('GET', `/api/v1/tokens/${id}/branches?repo=${encodeURIComponent(repo)}`),
        200,
      );
      expect(branches.items).toEqual([expect.objectContaining({ name: 'main', sha: commit.sha })]);
      expect(branches.defaultBranch).toBe('main');

      // Plain git, through the sandbox's git hosting, with the username the adapter says this kind of token needs.
      const gitTarget = createAdapter(c.forge, { apiUrl: sandbox.urls[c.forge].api }).gitTarget(
        { owner: c.login, name: 'generated-app' },
        c.kind,
      );
      expect(gitTarget.url).toBe(created.repository.cloneUrl);
      const dir = await scratchDir('fk-e2e-clone-');
      scratch.push(dir);
      const cloned = await git(['clone', '--quiet', gitTarget.url, 'tree'], {
        cwd: dir,
        auth: { username: gitTarget.username, password: token },
      });
      expect(cloned.code, cloned.stderr).toBe(0);
      const tree = await worktreeBytes(join(dir, 'tree'));
      expect([...tree.keys()].sort()).toEqual(files.map((file) => file.path).sort());
      for (const file of files)
        expect(Buffer.compare(tree.get(file.path) ?? Buffer.alloc(0), file.bytes), file.path).toBe(0);
      const modes = await git(['ls-tree', '-r', 'HEAD'], { cwd: join(dir, 'tree') });
      const executables = modes.stdout
        .split('\n')
        .filter((line) => line.startsWith('100755'))
        .map((line) => line.split('\t')[1]);
      expect(executables.sort()).toEqual(['scripts/run-500.sh', 'scripts/run-501.sh']);
      const head = await git(['log', '-1', '--format=%an <%ae>|%s'], { cwd: join(dir, 'tree') });
      expect(head.stdout.trim()).toBe('Platform Bot <bot@example.com>|Generated code');

      const feature = await json<{ branch: string; branchCreated: boolean }>(
        await api('POST', `/api/v1/tokens/${id}/commits`, {
          repo,
          branch: 'feature/readme',
          baseBranch: 'main',
          message: 'Add a README',
          files: [{ path: 'README.md', content: '# Generated app\n', encoding: 'utf-8' }],
          delete: ['src/m0/sub0/file-0.ts'],
        }),
        201,
      );
      expect(feature).toMatchObject({ branch: 'feature/readme', branchCreated: true });
      const pull = await json<{ number: number; head: string; base: string; state: string }>(
        await api('POST', `/api/v1/tokens/${id}/pulls`, {
          repo,
          title: 'Add a README',
          head: 'feature/readme',
          base: 'main',
        }),
        201,
      );
      expect(pull).toMatchObject({ head: 'feature/readme', base: 'main', state: 'open' });
      const again = await json<{ error: { code: string } }>(
        await api('POST', `/api/v1/tokens/${id}/pulls`, {
          repo,
          title: 'Again',
          head: 'feature/readme',
          base: 'main',
        }),
        409,
      );
      expect(again.error.code).toBe('pull_request_exists');

      const listed = await json<{ items: { fullName: string }[] }>(
        await api('GET', `/api/v1/tokens/${id}/repos`),
        200,
      );
      expect(listed.items.map((item) => item.fullName)).toContain(repo);

      // Every use of the token was audited, with what it was for.
      const audit = await json<{ items: { action: string; target: string; outcome: string }[] }>(
        await api('GET', `/api/v1/audit?tokenId=${id}&action=use`),
        200,
      );
      const targets = audit.items.map((event) => event.target);
      expect(targets).toContain(`repo.commit ${c.forge}:${repo}@main (1000 files)`);
      expect(targets).toContain(`repo.pr ${c.forge}:${repo} feature/readme→main`);
      expect(
        audit.items.find((event) => event.target.startsWith('repo.pr') && event.outcome === 'error'),
      ).toBeDefined();
    },
    120_000,
  );

  it('refuses before the forge is called when the token lacks the scope, naming scope and token page', async () => {
    const c = repoToken('github');
    const token = await issueToken({ ...c, scopes: ['read:user'] });
    const stored = await json<{ token: { id: string } }>(
      await api('POST', '/api/v1/tokens', { forge: c.forge, token, apiUrl: sandbox.urls[c.forge].api }),
      201,
    );
    const before = await sandboxRequests();
    const refused = await json<{
      error: { code: string; remediation: string; details: { tokenPageUrl: string } };
    }>(await api('POST', `/api/v1/tokens/${stored.token.id}/repos`, { name: 'nope' }), 403);
    expect(refused.error.code).toBe('insufficient_scope');
    expect(refused.error.details.tokenPageUrl).toContain('/settings/tokens/new?scopes=repo');
    expect(refused.error.remediation).toContain('repo');
    expect(await sandboxRequests()).toBe(before);
  });

  async function issueToken(c: RepoTokenCase): Promise<string> {
    const created = await sandbox.control.createToken({
      forge: c.forge,
      kind: c.kind,
      login: c.login,
      scopes: c.scopes,
      ...(c.email === undefined ? {} : { email: c.email }),
    } as Parameters<RunningSandbox['control']['createToken']>[0]);
    issued.push(created.token);
    return created.token;
  }

  /** Requests the sandbox forges have seen since the last reset. */
  async function sandboxRequests(): Promise<number> {
    return (await sandbox.control.requests({ limit: 0 })).total;
  }
});

function isUtf8Text(bytes: Buffer): boolean {
  return !bytes.includes(0) && Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

/*
 * The same operations through the built CLI (`npm run build` first): `forgekeeper repo
 * create|commit|branches|list|push|pr|hook` on a fresh vault, each forge's token chosen by its
 * configured host's default or by label; what `commit --dir` sent is read back with plain git.
 */
describe('repositories end to end through the CLI', () => {
  let sandbox: RunningSandbox;
  const scratch: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
    await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  /** A directory to commit or push: nested text, a binary file, an executable. */
  async function workTree(): Promise<{ dir: string; files: Map<string, Buffer> }> {
    const dir = await scratchDir('fk-e2e-cli-tree-');
    scratch.push(dir);
    const files = new Map<string, Buffer>([
      ['README.md', Buffer.from('# from the CLI\n')],
      ['src/deep/nested/index.ts', Buffer.from('export {};\n')],
      ['assets/pixel.bin', Buffer.from([0, 1, 2, 0xff, 0, 0x80])],
      ['bin/tool', Buffer.from('#!/bin/sh\necho tool\n')],
    ]);
    for (const [path, bytes] of files) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), bytes);
    }
    await chmod(join(dir, 'bin/tool'), 0o755);
    return { dir, files };
  }

  it.each(REPO_TOKENS)(
    '$forge: repo create, commit --dir, branches, list, push, pr, hook',
    async (c) => {
      const cli = vaultCli(sandbox);
      await cli.addSandboxHosts();
      const host = `sb-${c.forge}`;
      const issued = await cli.issue({
        forge: c.forge,
        kind: c.kind,
        login: c.login,
        scopes: c.scopes,
        ...(c.email ? { email: c.email } : {}),
      });
      const record = await addToken(cli, issued.token, [
        '--host',
        host,
        '--label',
        `cli-${c.forge}`,
        ...(c.email ? ['--email', c.email] : []),
      ]);
      const repo = `${c.login}/cli-app`;

      const created = await cli.run(['repo', 'create', 'cli-app', '--host', host, '--json']);
      expect(created.code, created.stderr).toBe(0);
      expect(JSON.parse(created.stdout)).toMatchObject({
        created: true,
        repository: { fullName: repo, private: true },
      });
      const again = await cli.run(['repo', 'create', 'cli-app', '--host', host]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('error [repo_exists]');
      const reused = await cli.run(['repo', 'create', 'cli-app', '--host', host, '--if-exists', 'reuse']);
      expect([reused.code, reused.stdout]).toEqual([0, expect.stringContaining(`Exists, reused: ${repo}`)]);

      const tree = await workTree();
      const committed = await cli.run([
        'repo',
        'commit',
        repo,
        '--token',
        `cli-${c.forge}`,
        '--branch',
        'main',
        '-m',
        'From a directory',
        '--dir',
        tree.dir,
        '--json',
      ]);
      expect(committed.code, committed.stderr).toBe(0);
      const sha = (JSON.parse(committed.stdout) as { sha: string }).sha;

      const branches = await cli.run(['repo', 'branches', repo, '--host', host]);
      expect(branches.code, branches.stderr).toBe(0);
      expect(branches.stdout).toMatch(new RegExp(`main\\s+${sha.slice(0, 12)}\\s+✓`));
      const listed = await cli.run(['repo', 'list', '--token', record.id, '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      expect(
        (JSON.parse(listed.stdout) as { items: { fullName: string }[] }).items.map((item) => item.fullName),
      ).toContain(repo);

      // What `commit --dir` sent is what git shows.
      const gitTarget = createAdapter(c.forge, { apiUrl: sandbox.urls[c.forge].api }).gitTarget(
        { owner: c.login, name: 'cli-app' },
        c.kind,
      );
      const cloneDir = await scratchDir('fk-e2e-cli-clone-');
      scratch.push(cloneDir);
      const cloned = await git(['clone', '--quiet', gitTarget.url, 'tree'], {
        cwd: cloneDir,
        auth: { username: gitTarget.username, password: issued.token },
      });
      expect(cloned.code, cloned.stderr).toBe(0);
      const back = await worktreeBytes(join(cloneDir, 'tree'));
      expect([...back.keys()].sort()).toEqual([...tree.files.keys()].sort());
      for (const [path, bytes] of tree.files) expect(back.get(path)?.equals(bytes), path).toBe(true);
      const modes = await git(['ls-tree', 'HEAD', 'bin/tool'], { cwd: join(cloneDir, 'tree') });
      expect(modes.stdout).toMatch(/^100755 /);

      // A plain directory pushed with system git as a new branch, then a pull request from it.
      await writeFile(join(tree.dir, 'README.md'), '# pushed with git\n');
      const pushed = await cli.run([
        'repo',
        'push',
        tree.dir,
        '--repo',
        repo,
        '--branch',
        'pushed',
        '--host',
        host,
        '-m',
        'Pushed',
        '--json',
      ]);
      expect(pushed.code, pushed.stderr).toBe(0);
      expect(JSON.parse(pushed.stdout)).toMatchObject({ branch: 'pushed', forced: false, filesScanned: 4 });
      const pr = await cli.run([
        'repo',
        'pr',
        repo,
        '--host',
        host,
        '--head',
        'pushed',
        '--base',
        'main',
        '--title',
        'Pushed changes',
      ]);
      expect(pr.code, pr.stderr).toBe(0);
      expect(pr.stdout).toContain('Opened #');
      expect(pr.stdout).toContain('(pushed → main)');

      const hookSecret = `hook-${randomBytes(8).toString('hex')}`;
      const hook = await cli.run(
        [
          'repo',
          'hook',
          repo,
          '--host',
          host,
          '--url',
          'http://127.0.0.1:9/hook',
          '--secret-env',
          'HOOK_SECRET',
        ],
        {
          env: { HOOK_SECRET: hookSecret },
        },
      );
      expect(hook.code, hook.stderr).toBe(0);
      expect(hook.stdout).toContain('signed with the secret given');
      expect(`${hook.stdout}${hook.stderr}`).not.toContain(hookSecret);
    },
    180_000,
  );

  it('exits 2 on a bad invocation and 1 on a refusal, with the catalogue error', async () => {
    const cli = vaultCli(sandbox);
    const usage = await cli.run(['repo', 'list']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('error [invalid_input]: Say which token to use.');
    await cli.addSandboxHosts();
    const issued = await cli.issue({
      forge: 'github',
      kind: 'classic',
      login: 'octo',
      scopes: ['read:user'],
    });
    await addToken(cli, issued.token, ['--host', 'sb-github']);
    const refused = await cli.run(['repo', 'create', 'nope', '--host', 'sb-github', '--json']);
    expect(refused.code).toBe(1);
    const body = JSON.parse(refused.stdout) as { error: { code: string; remediation: string } };
    expect(body.error.code).toBe('insufficient_scope');
    expect(body.error.remediation).toContain('/settings/tokens/new?scopes=repo');
  }, 60_000);
});
