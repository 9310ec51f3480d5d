import { describe, expect, it } from 'vitest';
import type { Secret } from '../../domain/secret.js';
import type { RepoClient, RepoRef } from '../repo-types.js';
import { ACTIVE_TOKEN, useForgeSandbox } from '../sandbox-fixture.js';
import type { RequestEvent } from '../types.js';

const sandbox = useForgeSandbox();

interface Setup {
  client: RepoClient;
  events: RequestEvent[];
  token: Secret;
}

async function setup(scopes: string[] = ['api'], login = 'octo'): Promise<Setup> {
  const { token } = await sandbox.createToken({ ...ACTIVE_TOKEN.gitlab, scopes, login });
  const { adapter, events } = sandbox.adapterFor('gitlab');
  return { client: adapter.repos({ token, kind: 'personal' }), events, token };
}

/** Test-only reads and setup through the sandbox's GitLab API (plain fetch, as an outside client). */
async function gitlab(
  token: Secret,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${sandbox.urls().gitlab.api}${path}`, {
    method,
    headers: {
      'private-token': token.reveal(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, ...(text ? JSON.parse(text) : {}) };
}

async function fileAt(token: Secret, repo: RepoRef, ref: string, path: string) {
  const id = encodeURIComponent(`${repo.owner}/${repo.name}`);
  const answer = await gitlab(
    token,
    'GET',
    `/projects/${id}/repository/files/${encodeURIComponent(path)}?ref=${encodeURIComponent(ref)}`,
  );
  if (answer.status !== 200) return null;
  return {
    content: Buffer.from(String(answer.content), 'base64'),
    executable: answer.execute_filemode === true,
  };
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function codeOf(result: { ok: boolean; error?: { code: string } }): string | undefined {
  return result.ok ? undefined : result.error?.code;
}

const text = (value: string) => new TextEncoder().encode(value);
const commitsPosted = (events: RequestEvent[]) =>
  events.filter((e) => e.method === 'POST' && e.path.endsWith('/repository/commits')).length;

describe('GitLab RepoClient: projects', () => {
  it('lists 250 projects up to cap, following GitLab’s next links through cursors', async () => {
    const { client, events } = await setup();
    for (let start = 0; start < 250; start += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          sandbox.control('POST', '/repos', {
            forge: 'gitlab',
            creator: 'octo',
            name: `repo-${String(start + i).padStart(3, '0')}`,
            private: true,
            initialize: false,
          }),
        ),
      );
    }
    const first = unwrap(await client.listRepos());
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).not.toBeNull();
    expect(first.items[0]).toMatchObject({
      owner: 'octo',
      private: true,
      fullName: expect.stringMatching(/^octo\/repo-/),
    });
    const second = unwrap(await client.listRepos({ cursor: first.nextCursor ?? '' }));
    const third = unwrap(await client.listRepos({ cursor: second.nextCursor ?? '' }));
    expect(third.items).toHaveLength(50);
    expect(third.nextCursor).toBeNull();
    const names = [...first.items, ...second.items, ...third.items].map((r) => r.name);
    expect(new Set(names).size).toBe(250);

    events.length = 0;
    const all = unwrap(await client.listRepos({ cap: 1_000 }));
    expect(all.items).toHaveLength(250);
    expect(all.nextCursor).toBeNull();
    expect(events.filter((e) => e.path === '/projects')).toHaveLength(3);

    const part = unwrap(await client.listRepos({ cap: 150 }));
    const rest = unwrap(await client.listRepos({ cap: 1_000, cursor: part.nextCursor ?? '' }));
    expect(part.items).toHaveLength(150);
    expect(rest.items).toHaveLength(100);
    expect(new Set([...part.items, ...rest.items].map((r) => r.name)).size).toBe(250);

    const foreign = Buffer.from('https://evil.example/api/v4/projects?page=2').toString('base64url');
    expect(codeOf(await client.listRepos({ cursor: foreign }))).toBe('invalid_input');
    expect(codeOf(await client.listRepos({ cap: 1_001 }))).toBe('invalid_input');
  });

  it('creates private and public, initialised and empty projects; a taken name is repo_exists', async () => {
    const { client } = await setup();
    const made = unwrap(await client.createRepo({ name: 'app', description: 'An app', initialize: true }));
    expect(made).toMatchObject({
      owner: 'octo',
      name: 'app',
      fullName: 'octo/app',
      private: true,
      description: 'An app',
      defaultBranch: 'main',
      webUrl: `${sandbox.urls().gitlab.web}/octo/app`,
      cloneUrl: `${sandbox.urls().gitlab.web}/octo/app.git`,
    });
    expect(unwrap(await client.listBranches({ owner: 'octo', name: 'app' })).items).toHaveLength(1);
    const empty = unwrap(await client.createRepo({ name: 'blank', private: false }));
    expect(empty.private).toBe(false);
    expect(unwrap(await client.listBranches({ owner: 'octo', name: 'blank' })).items).toEqual([]);
    const again = await client.createRepo({ name: 'app' });
    expect(codeOf(again)).toBe('repo_exists');
    expect(unwrap(await client.getRepo({ owner: 'octo', name: 'app' })).id).toBe(made.id);
    expect(codeOf(await client.getRepo({ owner: 'octo', name: 'nope' }))).toBe('not_found');
  });

  it('creates in a group by its path, and says not_found for a group the user is not in', async () => {
    const { client, token } = await setup();
    expect((await gitlab(token, 'POST', '/groups', { name: 'Acme', path: 'acme' })).status).toBe(201);
    const made = unwrap(await client.createRepo({ owner: 'acme', name: 'tool', private: false }));
    expect(made).toMatchObject({ owner: 'acme', fullName: 'acme/tool', private: false });
    const other = await setup(['api'], 'mallory');
    expect(codeOf(await other.client.createRepo({ owner: 'acme', name: 'x' }))).toBe('not_found');
  });

  it('answers a missing scope with insufficient_scope naming api', async () => {
    const { client } = await setup(['read_api']);
    const refused = await client.createRepo({ name: 'x' });
    expect(codeOf(refused)).toBe('insufficient_scope');
    if (!refused.ok) {
      expect(refused.error.details).toMatchObject({ requiredScopes: ['api'] });
      expect(refused.error.remediation).toContain('api');
    }
    const { client: none } = await setup(['read_user']);
    expect(codeOf(await none.listRepos())).toBe('insufficient_scope');
  });
});

describe('GitLab RepoClient: branches and commits', () => {
  it('lists branches with the default one marked', async () => {
    const { client, token } = await setup();
    unwrap(await client.createRepo({ name: 'b', initialize: true }));
    await gitlab(token, 'POST', '/projects/octo%2Fb/repository/branches', { branch: 'dev', ref: 'main' });
    const branches = unwrap(await client.listBranches({ owner: 'octo', name: 'b' }));
    expect(branches.items.map((b) => [b.name, b.isDefault, b.protected])).toEqual([
      ['dev', false, false],
      ['main', true, false],
    ]);
    expect(branches.items[0]?.sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('commits text, binary, a delete and an executable to an existing branch in one request', async () => {
    const { client, events, token } = await setup();
    const repo = { owner: 'octo', name: 'c' };
    unwrap(await client.createRepo({ name: 'c', initialize: true }));
    unwrap(
      await client.commitFiles({
        repo,
        branch: 'main',
        message: 'seed',
        changes: [{ action: 'put', path: 'old.txt', content: text('old') }],
      }),
    );
    events.length = 0;
    const binary = new Uint8Array([0, 159, 146, 150, 255]);
    const done = unwrap(
      await client.commitFiles({
        repo,
        branch: 'main',
        message: 'many',
        author: { name: 'Ada', email: 'ada@example.com' },
        changes: [
          { action: 'put', path: 'docs/a.md', content: text('# A\n') },
          { action: 'put', path: 'bin/data', content: binary },
          { action: 'put', path: 'run.sh', content: text('#!/bin/sh\necho hi\n'), executable: true },
          { action: 'delete', path: 'old.txt' },
        ],
      }),
    );
    expect(done).toMatchObject({ branch: 'main', branchCreated: false });
    expect(done.webUrl).toBe(`${sandbox.urls().gitlab.web}/octo/c/-/commit/${done.sha}`);
    expect(events).toHaveLength(1);
    expect((await fileAt(token, repo, 'main', 'docs/a.md'))?.content.toString()).toBe('# A\n');
    expect(new Uint8Array((await fileAt(token, repo, 'main', 'bin/data'))?.content ?? [])).toEqual(binary);
    expect((await fileAt(token, repo, 'main', 'run.sh'))?.executable).toBe(true);
    expect(await fileAt(token, repo, 'main', 'old.txt')).toBeNull();
  });

  it('updates existing files after one refused guess and a tree listing (documented cost)', async () => {
    const { client, events, token } = await setup();
    const repo = { owner: 'octo', name: 'u' };
    unwrap(await client.createRepo({ name: 'u', initialize: true }));
    events.length = 0;
    unwrap(
      await client.commitFiles({
        repo,
        branch: 'main',
        message: 'edit',
        changes: [
          { action: 'put', path: 'README.md', content: text('rewritten\n') },
          { action: 'put', path: 'new.txt', content: text('new\n') },
        ],
      }),
    );
    expect((await fileAt(token, repo, 'main', 'README.md'))?.content.toString()).toBe('rewritten\n');
    expect(events.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST /projects/octo%2Fu/repository/commits 400',
      'GET /projects/octo%2Fu/repository/tree 200',
      'POST /projects/octo%2Fu/repository/commits 201',
    ]);
  });

  it('commits to a new branch from a base, and makes an empty project’s first commit', async () => {
    const { client, token } = await setup();
    const repo = { owner: 'octo', name: 'n' };
    unwrap(await client.createRepo({ name: 'n', initialize: true }));
    const topic = unwrap(
      await client.commitFiles({
        repo,
        branch: 'topic',
        baseBranch: 'main',
        message: 't',
        changes: [{ action: 'put', path: 't.txt', content: text('t') }],
      }),
    );
    expect(topic.branchCreated).toBe(true);
    expect(await fileAt(token, repo, 'topic', 'README.md')).not.toBeNull();
    expect(await fileAt(token, repo, 'main', 't.txt')).toBeNull();
    const fromDefault = unwrap(
      await client.commitFiles({
        repo,
        branch: 'other',
        message: 'o',
        changes: [{ action: 'put', path: 'o.txt', content: text('o') }],
      }),
    );
    expect(fromDefault.branchCreated).toBe(true);

    const blank = { owner: 'octo', name: 'e' };
    unwrap(await client.createRepo({ name: 'e' }));
    const first = unwrap(
      await client.commitFiles({
        repo: blank,
        branch: 'main',
        message: 'first',
        changes: [{ action: 'put', path: 'a.txt', content: text('a') }],
      }),
    );
    expect(first.branchCreated).toBe(true);
    expect((await fileAt(token, blank, 'main', 'a.txt'))?.content.toString()).toBe('a');
  });

  it('writes 1,000 files with one request', async () => {
    const { client, events, token } = await setup();
    const repo = { owner: 'octo', name: 'k' };
    unwrap(await client.createRepo({ name: 'k', initialize: true }));
    events.length = 0;
    const changes = Array.from({ length: 1_000 }, (_, i) => ({
      action: 'put' as const,
      path: `files/${i % 20}/f${i}.txt`,
      content: text(`file ${i}\n`.repeat(50)),
    }));
    const done = unwrap(await client.commitFiles({ repo, branch: 'main', message: 'bulk', changes }));
    expect(events).toHaveLength(1);
    expect(commitsPosted(events)).toBe(1);
    expect((await fileAt(token, repo, done.sha, 'files/7/f987.txt'))?.content.toString()).toBe(
      'file 987\n'.repeat(50),
    );
  });

  it('refuses with branch_moved, writing nothing, when the branch is not at expectedHead', async () => {
    const { client, events, token } = await setup();
    const repo = { owner: 'octo', name: 'm' };
    unwrap(await client.createRepo({ name: 'm', initialize: true }));
    const [main] = unwrap(await client.listBranches(repo)).items;
    const moved = unwrap(
      await client.commitFiles({
        repo,
        branch: 'main',
        message: 'x',
        changes: [{ action: 'put', path: 'x', content: text('x') }],
      }),
    );
    events.length = 0;
    const stale = await client.commitFiles({
      repo,
      branch: 'main',
      expectedHead: main?.sha ?? '',
      message: 'y',
      changes: [{ action: 'put', path: 'y', content: text('y') }],
    });
    expect(codeOf(stale)).toBe('branch_moved');
    expect(commitsPosted(events)).toBe(0);
    expect(unwrap(await client.listBranches(repo)).items[0]?.sha).toBe(moved.sha);
    expect(await fileAt(token, repo, 'main', 'y')).toBeNull();
    events.length = 0;
    const fresh = await client.commitFiles({
      repo,
      branch: 'main',
      expectedHead: moved.sha,
      message: 'y',
      changes: [{ action: 'put', path: 'y', content: text('y') }],
    });
    expect(fresh.ok).toBe(true);
    expect(events).toHaveLength(2);
  });

  it('answers a protected branch with branch_protected and a missing file delete with invalid_input', async () => {
    const { client } = await setup();
    const repo = { owner: 'octo', name: 'p' };
    const made = unwrap(await client.createRepo({ name: 'p', initialize: true }));
    await sandbox.control('POST', `/repos/gitlab/${made.id}/protect`, { branch: 'main' });
    const put = { action: 'put' as const, path: 'z', content: text('z') };
    expect(codeOf(await client.commitFiles({ repo, branch: 'main', message: 'z', changes: [put] }))).toBe(
      'branch_protected',
    );
    const gone = await client.commitFiles({
      repo,
      branch: 'dev',
      baseBranch: 'main',
      message: 'd',
      changes: [{ action: 'delete', path: 'nope' }],
    });
    expect(codeOf(gone)).toBe('invalid_input');
    if (!gone.ok) expect(gone.error.message).toContain("A file with this name doesn't exist");
  });
});

describe('GitLab RepoClient: merge requests, hooks, git', () => {
  it('opens a merge request; a second for the same branches is pull_request_exists', async () => {
    const { client } = await setup();
    const repo = { owner: 'octo', name: 'mr' };
    unwrap(await client.createRepo({ name: 'mr', initialize: true }));
    unwrap(
      await client.commitFiles({
        repo,
        branch: 'feature',
        baseBranch: 'main',
        message: 'f',
        changes: [{ action: 'put', path: 'f', content: text('f') }],
      }),
    );
    const opened = unwrap(
      await client.openPullRequest({
        repo,
        title: 'Feature',
        head: 'feature',
        base: 'main',
        body: 'why',
        draft: true,
      }),
    );
    expect(opened).toMatchObject({
      number: 1,
      title: 'Draft: Feature',
      head: 'feature',
      base: 'main',
      state: 'open',
    });
    expect(opened.webUrl).toBe(`${sandbox.urls().gitlab.web}/octo/mr/-/merge_requests/1`);
    const again = await client.openPullRequest({ repo, title: 'Again', head: 'feature', base: 'main' });
    expect(codeOf(again)).toBe('pull_request_exists');
  });

  it('creates a webhook for push and merge request events', async () => {
    const { client } = await setup();
    const repo = { owner: 'octo', name: 'h' };
    unwrap(await client.createRepo({ name: 'h' }));
    const hook = unwrap(
      await client.createWebhook({ repo, url: 'https://hooks.example.com/gitlab', secret: 's3cret' }),
    );
    expect(hook).toMatchObject({
      url: 'https://hooks.example.com/gitlab',
      events: ['push', 'pull_request'],
      active: true,
    });
    const pushOnly = unwrap(
      await client.createWebhook({ repo, url: 'https://hooks.example.com/p', events: ['push'] }),
    );
    expect(pushOnly.events).toEqual(['push']);
    const { client: reader } = await setup(['read_api']);
    expect(codeOf(await reader.createWebhook({ repo, url: 'https://x.example' }))).toBe('insufficient_scope');
  });

  it('gives git the clone URL under the web URL and a username GitLab accepts', () => {
    const { adapter } = sandbox.adapterFor('gitlab');
    expect(adapter.gitTarget({ owner: 'group/sub', name: 'proj' }, 'personal')).toEqual({
      url: `${sandbox.urls().gitlab.web}/group/sub/proj.git`,
      username: 'oauth2',
    });
  });
});
