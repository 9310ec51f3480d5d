import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useForgeSandbox } from '../sandbox-fixture.js';
import { encodeCursor } from './paging.js';
import { ALL, ok, READ, repoSpecHelpers, WRITE } from './repo-spec-helpers.js';

const sandbox = useForgeSandbox();
const { clientWith, makeRepo, cloneWith } = repoSpecHelpers(sandbox);

describe('Bitbucket RepoClient: listing (forges.md §3.8)', () => {
  it('lists 250 repositories of every workspace page by page up to cap, with a cursor', async () => {
    for (let batch = 0; batch < 25; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          makeRepo(`r${String(batch * 10 + i).padStart(3, '0')}`, { initialize: false }),
        ),
      );
    }
    const shared = await sandbox.control('POST', '/repos', {
      forge: 'bitbucket',
      creator: 'alice',
      owner: 'acme',
      name: 'shared',
    });
    await sandbox.control('POST', `/repos/bitbucket/${String(shared.id)}/collaborators`, { login: 'octo' });
    await sandbox.control('POST', '/repos', {
      forge: 'bitbucket',
      creator: 'alice',
      owner: 'acme',
      name: 'hidden',
    });
    const { repos, events } = await clientWith(READ);

    const first = ok(await repos.listRepos());
    expect(first.items).toHaveLength(100);
    expect(first.items[0]).toMatchObject({
      owner: 'octo',
      name: 'r000',
      fullName: 'octo/r000',
      private: true,
      defaultBranch: null,
    });
    expect(events.map((event) => event.path)).toEqual(['/user/permissions/workspaces', '/repositories/octo']);
    const second = ok(await repos.listRepos({ cursor: first.nextCursor ?? '' }));
    const third = ok(await repos.listRepos({ cursor: second.nextCursor ?? '' }));
    expect(second.items).toHaveLength(100);
    expect(third.items.map((repo) => repo.fullName).slice(-2)).toEqual(['octo/r249', 'acme/shared']);
    expect(third.nextCursor).toBeNull();
    const names = [...first.items, ...second.items, ...third.items].map((repo) => repo.fullName);
    expect(new Set(names).size).toBe(251);

    events.length = 0;
    const all = ok(await repos.listRepos({ cap: 1_000 }));
    expect(all.items).toHaveLength(251);
    expect(all.nextCursor).toBeNull();
    expect(events).toHaveLength(5); // workspaces + 3 pages of octo + 1 of acme

    // A cap between page sizes: whole pages only, so nothing is skipped between two answers.
    const partial = ok(await repos.listRepos({ cap: 150 }));
    expect(partial.items).toHaveLength(100);
    const rest = ok(await repos.listRepos({ cursor: partial.nextCursor ?? '', cap: 1_000 }));
    expect(rest.items[0]?.name).toBe('r100');
  });

  it('refuses a cursor pointing elsewhere and a cap out of range', async () => {
    const { repos, events } = await clientWith(READ);
    const foreign = await repos.listRepos({
      cursor: encodeCursor('https://evil.example/2.0/repositories/x'),
    });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await repos.listRepos({ cap: 1_001 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(events.filter((event) => event.path.startsWith('/repositories'))).toHaveLength(0);
  });

  it('lists branches with the default marked', async () => {
    await makeRepo('app');
    const { repos } = await clientWith(WRITE);
    const head = ok(
      await repos.commitFiles({
        repo: { owner: 'octo', name: 'app' },
        branch: 'dev',
        message: 'dev',
        changes: [{ action: 'put', path: 'd.txt', content: new TextEncoder().encode('d') }],
      }),
    );
    const branches = ok(await repos.listBranches({ owner: 'octo', name: 'app' }));
    expect(branches.items).toEqual([
      { name: 'dev', sha: head.sha, protected: false, isDefault: false },
      expect.objectContaining({ name: 'main', isDefault: true, protected: false }),
    ]);
  });
});

describe('Bitbucket RepoClient: createRepo', () => {
  it('creates in the personal workspace, private and empty by default; a taken name is repo_exists', async () => {
    const { repos } = await clientWith(ALL);
    const made = ok(await repos.createRepo({ name: 'fresh' }));
    expect(made).toMatchObject({
      owner: 'octo',
      name: 'fresh',
      private: true,
      defaultBranch: null,
      description: null,
    });
    expect(made.cloneUrl).toBe(`${sandbox.urls().bitbucket.web}/octo/fresh.git`);
    const again = await repos.createRepo({ name: 'fresh' });
    expect(again).toMatchObject({ ok: false, error: { code: 'repo_exists' } });
  });

  it('creates public and initialised in a workspace the user belongs to', async () => {
    const seed = await sandbox.control('POST', '/repos', {
      forge: 'bitbucket',
      creator: 'alice',
      owner: 'acme',
      name: 'seed',
    });
    await sandbox.control('POST', `/repos/bitbucket/${String(seed.id)}/collaborators`, { login: 'octo' });
    const ctx = await clientWith(ALL);
    const made = ok(
      await ctx.repos.createRepo({
        owner: 'acme',
        name: 'tool',
        private: false,
        initialize: true,
        description: 'A tool',
      }),
    );
    expect(made).toMatchObject({
      owner: 'acme',
      private: false,
      defaultBranch: 'main',
      description: 'A tool',
    });
    const dir = await cloneWith(ctx, 'acme', 'tool', 'main');
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('# tool\n\nA tool\n');
    const stranger = await ctx.repos.createRepo({ owner: 'elsewhere', name: 'x' });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'repo_creation_failed' } });
  });

  it('without admin:repository:bitbucket is insufficient_scope naming it', async () => {
    const { repos } = await clientWith(WRITE);
    const refused = await repos.createRepo({ owner: 'octo', name: 'x' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'insufficient_scope', details: { missingScopes: ['admin:repository:bitbucket'] } },
    });
    if (!refused.ok) expect(refused.error.remediation).toContain('admin:repository:bitbucket');
  });
});

describe('Bitbucket RepoClient: pull requests, webhooks, git target', () => {
  it('opens a pull request, and a duplicate is pull_request_exists', async () => {
    await makeRepo('app');
    const { repos } = await clientWith(ALL);
    ok(
      await repos.commitFiles({
        repo: { owner: 'octo', name: 'app' },
        branch: 'feature',
        message: 'f',
        changes: [{ action: 'put', path: 'f', content: new Uint8Array([102]) }],
      }),
    );
    const input = {
      repo: { owner: 'octo', name: 'app' },
      title: 'Feature',
      head: 'feature',
      base: 'main',
      body: 'Please',
    };
    const pull = ok(await repos.openPullRequest(input));
    expect(pull).toEqual({
      number: 1,
      title: 'Feature',
      head: 'feature',
      base: 'main',
      state: 'open',
      webUrl: `${sandbox.urls().bitbucket.web}/octo/app/pull-requests/1`,
    });
    expect(await repos.openPullRequest(input)).toMatchObject({
      ok: false,
      error: { code: 'pull_request_exists' },
    });
  });

  it('creates a webhook for push and pull requests; without webhook scopes it is insufficient_scope', async () => {
    await makeRepo('app');
    const hook = ok(
      await (await clientWith(ALL)).repos.createWebhook({
        repo: { owner: 'octo', name: 'app' },
        url: 'http://127.0.0.1:9/hook',
        secret: 'x',
      }),
    );
    expect(hook).toMatchObject({
      url: 'http://127.0.0.1:9/hook',
      events: ['push', 'pull_request'],
      active: true,
    });
    expect(hook.id).toMatch(/^\{[0-9a-f-]{36}\}$/);
    const refused = await (await clientWith(WRITE)).repos.createWebhook({
      repo: { owner: 'octo', name: 'app' },
      url: 'http://127.0.0.1:9/h',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'insufficient_scope',
        details: { missingScopes: ['read:webhook:bitbucket', 'write:webhook:bitbucket'] },
      },
    });
  });

  it('a missing or hidden repository is not_found', async () => {
    await sandbox.control('POST', '/repos', {
      forge: 'bitbucket',
      creator: 'alice',
      name: 'secret',
      private: true,
    });
    const { repos } = await clientWith(READ);
    expect(await repos.getRepo({ owner: 'alice', name: 'secret' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await repos.listBranches({ owner: 'octo', name: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('an access token reads its workspace by name but cannot list workspaces', async () => {
    await sandbox.control('POST', '/repos', { forge: 'bitbucket', creator: 'repo-bot', name: 'svc' });
    const { token } = await sandbox.createToken({
      forge: 'bitbucket',
      kind: 'access_token',
      login: 'repo-bot',
      scopes: ['repository'],
    });
    const repos = sandbox.adapterFor('bitbucket').adapter.repos({ token, kind: 'access_token' });
    expect(ok(await repos.getRepo({ owner: 'repo-bot', name: 'svc' }))).toMatchObject({
      fullName: 'repo-bot/svc',
    });
    expect(await repos.listRepos()).toMatchObject({ ok: false, error: { code: 'resource_not_accessible' } });
  });

  it('gitTarget: the web clone URL and the username per token kind (cheat sheet)', () => {
    const { adapter } = sandbox.adapterFor('bitbucket');
    const web = sandbox.urls().bitbucket.web;
    expect(adapter.gitTarget({ owner: 'octo', name: 'app' }, 'api_token')).toEqual({
      url: `${web}/octo/app.git`,
      username: 'x-bitbucket-api-token-auth',
    });
    expect(adapter.gitTarget({ owner: 'octo', name: 'app' }, 'access_token').username).toBe('x-token-auth');
  });
});
