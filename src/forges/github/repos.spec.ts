import { describe, expect, it } from 'vitest';
import { Secret } from '../../domain/secret.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { githubClassic, githubFineGrained } from '../../sandbox/testing/factories.js';
import { useSandbox } from '../../sandbox/testing/sandbox-fixture.js';
import { createAdapter } from '../registry.js';
import type { FileChange, RepoClient } from '../repo-types.js';
import type { RequestEvent } from '../types.js';

/*
 * The GitHub RepoClient through the running sandbox (forges.md §1.5, §1.8). Commits are read back
 * from the sandbox's store (real bare repositories).
 */
const ctx = useSandbox();

interface Client {
  client: RepoClient;
  events: RequestEvent[];
}

async function clientFor(
  input: Parameters<typeof githubClassic>[0] = {},
  kind: TokenKind = 'classic',
): Promise<Client> {
  const created = await ctx.sandbox.control.createToken(
    githubClassic({ scopes: ['repo', 'workflow'], ...input }),
  );
  return wrap(new Secret(created.token), kind);
}

async function fineGrainedClient(permissions: Record<string, 'read' | 'write' | 'admin'>): Promise<Client> {
  const created = await ctx.sandbox.control.createToken(githubFineGrained({ permissions }));
  return wrap(new Secret(created.token), 'fine-grained');
}

function wrap(token: Secret, kind: TokenKind): Client {
  const events: RequestEvent[] = [];
  const adapter = createAdapter('github', {
    apiUrl: ctx.sandbox.urls.github.api,
    timeoutMs: 5_000,
    backoffMs: 5,
    onRequest: (event) => events.push(event),
  });
  return { client: adapter.repos({ token, kind }), events };
}

const text = (value: string) => new TextEncoder().encode(value);

async function readBack(owner: string, name: string, sha: string, path: string): Promise<Buffer | null> {
  const repo = ctx.sandbox.repos.get('github', owner, name);
  if (!repo) throw new Error(`no repository ${owner}/${name}`);
  return ctx.sandbox.repos.readFile(repo, sha, path);
}

async function pathsAt(owner: string, name: string, sha: string): Promise<string[]> {
  const repo = ctx.sandbox.repos.get('github', owner, name);
  if (!repo) throw new Error('no repository');
  const entries = await ctx.sandbox.repos.listTree(repo, sha, { recursive: true });
  return entries
    .filter((entry) => entry.type === 'blob')
    .map((entry) => entry.path)
    .sort();
}

describe('GitHub RepoClient: repositories', () => {
  it('creates user and organisation repositories, private by default, and maps them', async () => {
    const { client } = await clientFor();
    const mine = await client.createRepo({ name: 'tool', description: 'A tool', initialize: true });
    expect(mine).toMatchObject({
      ok: true,
      value: {
        owner: 'octo',
        name: 'tool',
        fullName: 'octo/tool',
        private: true,
        defaultBranch: 'main',
        description: 'A tool',
      },
    });
    if (!mine.ok) return;
    expect(mine.value.cloneUrl).toBe(`${ctx.sandbox.urls.github.web}/octo/tool.git`);
    const org = await client.createRepo({ owner: 'acme', name: 'site', private: false });
    expect(org).toMatchObject({ ok: true, value: { fullName: 'acme/site', private: false } });
    // Naming one's own login as the owner works too (GitHub has no /orgs/{user}).
    expect(await client.createRepo({ owner: 'octo', name: 'own' })).toMatchObject({
      ok: true,
      value: { fullName: 'octo/own' },
    });
    expect(await client.getRepo({ owner: 'octo', name: 'tool' })).toMatchObject({
      ok: true,
      value: { id: mine.value.id },
    });
  });

  it('answers repo_exists for a taken name and repo_creation_failed for an invalid one', async () => {
    const { client } = await clientFor();
    await client.createRepo({ name: 'dup' });
    const again = await client.createRepo({ name: 'dup' });
    expect(again).toMatchObject({ ok: false, error: { code: 'repo_exists' } });
    const invalid = await client.createRepo({ name: '..' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'repo_creation_failed' } });
  });

  it('answers not_found for a private repository of someone else, and insufficient-scope hints for a classic token', async () => {
    const { client } = await clientFor();
    await client.createRepo({ name: 'hidden' });
    const other = await clientFor({ login: 'hubot' });
    const seen = await other.client.getRepo({ owner: 'octo', name: 'hidden' });
    expect(seen).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const weak = await clientFor({ scopes: [], name: 'weak' });
    const created = await weak.client.createRepo({ name: 'x' });
    expect(created).toMatchObject({
      ok: false,
      error: { code: 'not_found', details: { missingScopes: ['public_repo', 'repo'] } },
    });
  });

  it('answers resource_not_accessible with the accepted permissions for a fine-grained token', async () => {
    const { client } = await fineGrainedClient({ contents: 'write' });
    const refused = await client.createRepo({ name: 'x' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'resource_not_accessible',
        details: { acceptedPermissions: [{ administration: 'write' }] },
      },
    });
  });

  it('lists 250 repositories up to a cap, with a cursor that resumes exactly', async () => {
    const octo = await ctx.sandbox.control.createToken(githubClassic());
    // Straight into the store, 25 at a time: the API is not what this test is about.
    for (let batch = 0; batch < 250; batch += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, offset) =>
          ctx.sandbox.repos.create(
            {
              forge: 'github',
              owner: 'octo',
              ownerKind: 'user',
              name: `repo-${String(batch + offset).padStart(3, '0')}`,
              creatorLogin: 'octo',
              private: (batch + offset) % 3 === 0,
              description: '',
              defaultBranch: 'main',
              initialize: false,
            },
            Date.now(),
          ),
        ),
      );
    }
    const { client, events } = wrap(new Secret(octo.token), 'classic');
    const first = await client.listRepos();
    expect(first.ok && first.value.items.length).toBe(100);
    const all = await client.listRepos({ cap: 1_000 });
    expect(all.ok && all.value.items.length).toBe(250);
    expect(all.ok && all.value.nextCursor).toBeNull();
    events.length = 0;
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listRepos({ cap: 70, ...(cursor ? { cursor } : {}) });
      if (!page.ok) throw new Error(page.error.message);
      names.push(...page.value.items.map((repo) => repo.name));
      cursor = page.value.nextCursor ?? undefined;
    } while (cursor);
    expect(names).toHaveLength(250);
    expect(new Set(names).size).toBe(250);
    expect(names[0]).toBe('repo-000');
    expect(names.at(-1)).toBe('repo-249');
    const bad = await client.listRepos({
      cursor: Buffer.from('https://evil.example/user/repos').toString('base64url'),
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await client.listRepos({ cap: 1_001 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});

describe('GitHub RepoClient: branches and commits', () => {
  it('lists branches with the default one marked', async () => {
    const { client } = await clientFor();
    await client.createRepo({ name: 'b', initialize: true });
    await client.commitFiles({
      repo: { owner: 'octo', name: 'b' },
      branch: 'feature',
      message: 'f',
      changes: [{ action: 'put', path: 'f.txt', content: text('f') }],
    });
    const branches = await client.listBranches({ owner: 'octo', name: 'b' });
    expect(branches.ok && branches.value.items.map((branch) => [branch.name, branch.isDefault])).toEqual([
      ['feature', false],
      ['main', true],
    ]);
  });

  it('commits text, binary, an executable and a delete to an existing branch in one commit', async () => {
    const { client } = await clientFor();
    await client.createRepo({ name: 'c', initialize: true });
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff]);
    const changes: FileChange[] = [
      { action: 'put', path: 'src/index.ts', content: text('export {};\n') },
      { action: 'put', path: 'logo.png', content: binary },
      { action: 'put', path: 'run.sh', content: text('#!/bin/sh\necho hi\n'), executable: true },
      { action: 'put', path: 'bom.txt', content: new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]) },
      { action: 'delete', path: 'README.md' },
    ];
    const committed = await client.commitFiles({
      repo: { owner: 'octo', name: 'c' },
      branch: 'main',
      message: 'files',
      changes,
    });
    if (!committed.ok) throw new Error(committed.error.message);
    expect(committed.value).toMatchObject({ branch: 'main', branchCreated: false });
    const { sha } = committed.value;
    expect((await readBack('octo', 'c', sha, 'logo.png'))?.equals(Buffer.from(binary))).toBe(true);
    expect(
      (await readBack('octo', 'c', sha, 'bom.txt'))?.equals(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69])),
    ).toBe(true);
    expect((await readBack('octo', 'c', sha, 'src/index.ts'))?.toString()).toBe('export {};\n');
    expect(await readBack('octo', 'c', sha, 'README.md')).toBeNull();
    const repo = ctx.sandbox.repos.get('github', 'octo', 'c');
    if (!repo) throw new Error('no repo');
    const tree = await ctx.sandbox.repos.listTree(repo, sha, { recursive: true });
    expect(tree.find((entry) => entry.path === 'run.sh')?.mode).toBe('100755');
    expect((await ctx.sandbox.repos.readCommit(repo, sha))?.parents).toHaveLength(1);
  });

  it('creates a new branch from a base branch', async () => {
    const { client } = await clientFor();
    await client.createRepo({ name: 'n', initialize: true });
    const committed = await client.commitFiles({
      repo: { owner: 'octo', name: 'n' },
      branch: 'topic',
      baseBranch: 'main',
      message: 'topic',
      changes: [{ action: 'put', path: 'topic.md', content: text('# topic\n') }],
    });
    if (!committed.ok) throw new Error(committed.error.message);
    expect(committed.value.branchCreated).toBe(true);
    expect(await pathsAt('octo', 'n', committed.value.sha)).toEqual(['README.md', 'topic.md']);
  });

  it('makes the first commit of an EMPTY repository: one commit with exactly the requested files', async () => {
    const { client } = await clientFor();
    await client.createRepo({ name: 'e' });
    const committed = await client.commitFiles({
      repo: { owner: 'octo', name: 'e' },
      branch: 'main',
      message: 'initial',
      author: { name: 'Ada', email: 'ada@example.com' },
      changes: [
        { action: 'put', path: 'a.txt', content: text('a') },
        { action: 'put', path: 'dir/b.bin', content: new Uint8Array([0, 0, 7]) },
        { action: 'put', path: 'x.sh', content: text('x'), executable: true },
      ],
    });
    if (!committed.ok) throw new Error(committed.error.message);
    expect(committed.value.branchCreated).toBe(true);
    const repo = ctx.sandbox.repos.get('github', 'octo', 'e');
    if (!repo) throw new Error('no repo');
    expect(await ctx.sandbox.repos.resolveBranch(repo, 'main')).toBe(committed.value.sha);
    const commit = await ctx.sandbox.repos.readCommit(repo, committed.value.sha);
    expect(commit?.parents).toEqual([]);
    expect(commit?.message).toBe('initial');
    expect(commit?.author).toMatchObject({ name: 'Ada', email: 'ada@example.com' });
    expect(await pathsAt('octo', 'e', committed.value.sha)).toEqual(['a.txt', 'dir/b.bin', 'x.sh']);
  });

  it('commits 1,000 text files in at most 5 requests', async () => {
    const { client, events } = await clientFor();
    await client.createRepo({ name: 'big', initialize: true });
    events.length = 0;
    const changes: FileChange[] = Array.from({ length: 1_000 }, (_, index) => ({
      action: 'put',
      path: `files/${String(index).padStart(4, '0')}.txt`,
      content: text(`line ${index}\n`.repeat(50)),
    }));
    const committed = await client.commitFiles({
      repo: { owner: 'octo', name: 'big' },
      branch: 'main',
      message: 'big',
      changes,
    });
    if (!committed.ok) throw new Error(committed.error.message);
    expect(events.length).toBeLessThanOrEqual(5);
    expect(events.map((event) => `${event.method} ${event.status}`)).toEqual([
      'GET 200',
      'GET 200',
      'POST 201',
      'POST 201',
      'PATCH 200',
    ]);
    const paths = await pathsAt('octo', 'big', committed.value.sha);
    expect(paths).toHaveLength(1_001);
  });

  it('answers branch_moved without writing when the branch is not at expectedHead', async () => {
    const { client, events } = await clientFor();
    await client.createRepo({ name: 'm', initialize: true });
    const repo = ctx.sandbox.repos.get('github', 'octo', 'm');
    if (!repo) throw new Error('no repo');
    const before = await ctx.sandbox.repos.resolveBranch(repo, 'main');
    events.length = 0;
    const result = await client.commitFiles({
      repo: { owner: 'octo', name: 'm' },
      branch: 'main',
      expectedHead: 'a'.repeat(40),
      message: 'stale',
      changes: [{ action: 'put', path: 'x', content: text('x') }],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'branch_moved' } });
    expect(events.every((event) => event.method === 'GET')).toBe(true);
    expect(await ctx.sandbox.repos.resolveBranch(repo, 'main')).toBe(before);
  });

  it('answers workflow_scope_required for a workflow file without the workflow scope', async () => {
    const { client } = await clientFor({ scopes: ['repo'] });
    await client.createRepo({ name: 'w', initialize: true });
    const result = await client.commitFiles({
      repo: { owner: 'octo', name: 'w' },
      branch: 'main',
      message: 'ci',
      changes: [{ action: 'put', path: '.github/workflows/ci.yml', content: text('on: push\n') }],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'workflow_scope_required' } });
  });

  it('answers branch_protected on a protected branch', async () => {
    const { client } = await clientFor();
    await client.createRepo({ name: 'p', initialize: true });
    ctx.sandbox.repos.get('github', 'octo', 'p')?.protectedBranches.add('main');
    const result = await client.commitFiles({
      repo: { owner: 'octo', name: 'p' },
      branch: 'main',
      message: 'x',
      changes: [{ action: 'put', path: 'x', content: text('x') }],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'branch_protected' } });
  });
});

describe('GitHub RepoClient: pull requests and webhooks', () => {
  it('opens a pull request and answers pull_request_exists for a duplicate', async () => {
    const { client } = await clientFor();
    await client.createRepo({ name: 'pr', initialize: true });
    await client.commitFiles({
      repo: { owner: 'octo', name: 'pr' },
      branch: 'feature',
      message: 'f',
      changes: [{ action: 'put', path: 'f.txt', content: text('f') }],
    });
    const input = {
      repo: { owner: 'octo', name: 'pr' },
      title: 'Feature',
      head: 'feature',
      base: 'main',
      body: 'Please',
    };
    const opened = await client.openPullRequest(input);
    expect(opened).toMatchObject({
      ok: true,
      value: { number: 1, head: 'feature', base: 'main', state: 'open' },
    });
    expect(await client.openPullRequest(input)).toMatchObject({
      ok: false,
      error: { code: 'pull_request_exists' },
    });
  });

  it('creates a webhook, and refuses a token without a hook scope', async () => {
    const { client } = await clientFor();
    await client.createRepo({ name: 'h', initialize: true });
    const hook = await client.createWebhook({
      repo: { owner: 'octo', name: 'h' },
      url: 'http://127.0.0.1:9/hook',
      secret: 'x',
    });
    expect(hook).toMatchObject({
      ok: true,
      value: { url: 'http://127.0.0.1:9/hook', events: ['push', 'pull_request'], active: true },
    });
    const weak = await clientFor({ scopes: ['public_repo'], name: 'weak' });
    await weak.client.createRepo({ name: 'pub', private: false, initialize: true });
    const refused = await weak.client.createWebhook({
      repo: { owner: 'octo', name: 'pub' },
      url: 'http://127.0.0.1:9/x',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'insufficient_scope',
        details: { acceptedScopes: ['admin:repo_hook', 'repo', 'write:repo_hook'] },
      },
    });
  });
});

describe('GitHub gitTarget (forges.md §1.9)', () => {
  it('gives the HTTPS clone URL of the web base and a non-empty username per kind', () => {
    const adapter = createAdapter('github', { apiUrl: 'https://ghe.example.com/api/v3' });
    expect(adapter.gitTarget({ owner: 'octo', name: 'tool' }, 'classic')).toEqual({
      url: 'https://ghe.example.com/octo/tool.git',
      username: 'forgekeeper',
    });
    expect(adapter.gitTarget({ owner: 'o', name: 'r' }, 'app-installation').username).toBe('x-access-token');
    expect(createAdapter('github').gitTarget({ owner: 'o', name: 'r' }, 'fine-grained').url).toBe(
      'https://github.com/o/r.git',
    );
  });
});
