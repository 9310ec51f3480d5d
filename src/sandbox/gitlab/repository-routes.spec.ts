import { describe, expect, it } from 'vitest';
import type { SandboxRepo } from '../git/types.js';
import { compile, explain, gitlabSchema, propertiesOf } from '../testing/spec-schemas.js';
import { useGitLabSandbox } from './spec-fixture.js';

const ctx = useGitLabSandbox();

type Body = Record<string, unknown>;
const asBody = (value: unknown): Body => (value && typeof value === 'object' ? { ...value } : {});

async function project(token: string, name: string, initialize = true): Promise<SandboxRepo> {
  const answer = await ctx.api(token, 'POST', '/projects', { name, initialize_with_readme: initialize });
  expect(answer.status).toBe(201);
  const repo = ctx.state.repos.get('gitlab', 'tanuki', name);
  if (!repo) throw new Error('project not in the store');
  return repo;
}

const read = async (repo: SandboxRepo, branch: string, path: string) => {
  const head = await ctx.state.repos.resolveBranch(repo, branch);
  return head ? ((await ctx.state.repos.readFile(repo, head, path))?.toString('utf8') ?? null) : null;
};

const commits = (repoId: number) => `/projects/${repoId}/repository/commits`;

describe('GitLab branches', () => {
  it('lists branches with the default one marked, creates one from a ref, reads one', async () => {
    const token = await ctx.token();
    const repo = await project(token, 'branchy');
    const created = await ctx.api(
      token,
      'POST',
      `/projects/${repo.id}/repository/branches?branch=feature%2Fx&ref=main`,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'feature/x', default: false, protected: false });
    const again = await ctx.api(token, 'POST', `/projects/${repo.id}/repository/branches`, {
      branch: 'feature/x',
      ref: 'main',
    });
    expect(again.body).toEqual({ message: 'Branch already exists' });
    const list = await ctx.api(token, 'GET', `/projects/${repo.id}/repository/branches`);
    expect(list.status).toBe(200);
    expect((list.body as Body[]).map((b) => [b.name, b.default])).toEqual([
      ['feature/x', false],
      ['main', true],
    ]);
    const validate = compile(gitlabSchema('API_Entities_Branch'));
    expect(validate((list.body as unknown[])[1]), explain(validate)).toBe(true);
    const one = await ctx.api(token, 'GET', `/projects/${repo.id}/repository/branches/feature%2Fx`);
    expect(one.body).toMatchObject({
      name: 'feature/x',
      commit: { id: asBody(asBody(created.body).commit).id },
    });
    const none = await ctx.api(token, 'GET', `/projects/${repo.id}/repository/branches/nope`);
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ message: '404 Branch Not Found' });
  });
});

describe('GitLab POST /projects/:id/repository/commits', () => {
  it('commits create, update, delete, chmod and base64 content in one commit', async () => {
    const token = await ctx.token();
    const repo = await project(token, 'multi');
    const binary = Buffer.from([0, 1, 2, 255, 254]);
    const readme = (await read(repo, 'main', 'README.md')) ?? '';
    // Lines as git counts them: a last line without a newline counts too.
    const readmeLines = readme === '' ? 0 : readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0);
    const answer = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'main',
      commit_message: 'Several things\n\nwith a body',
      actions: [
        { action: 'create', file_path: 'src/a.txt', content: 'alpha\n' },
        { action: 'create', file_path: 'bin/blob', content: binary.toString('base64'), encoding: 'base64' },
        { action: 'create', file_path: 'run.sh', content: '#!/bin/sh\n' },
        { action: 'chmod', file_path: 'run.sh', execute_filemode: true },
        { action: 'update', file_path: 'README.md', content: 'new readme\n' },
      ],
      author_name: 'Ada',
      author_email: 'ada@example.com',
    });
    expect(answer.status).toBe(201);
    const body = asBody(answer.body);
    expect(body).toMatchObject({
      title: 'Several things',
      author_name: 'Ada',
      committer_name: 'Tanuki',
      project_id: repo.id,
    });
    expect(body.stats).toEqual({ additions: 3, deletions: readmeLines, total: 3 + readmeLines });
    const schema = gitlabSchema('API_Entities_CommitDetail');
    // `status` and `last_pipeline` are null without CI (GitLab's docs show `"status": null`).
    const properties = propertiesOf(schema, ['components', 'schemas'], 'API_Entities_CommitDetail');
    properties.status = { type: 'string', nullable: true };
    properties.last_pipeline = { type: 'object', nullable: true };
    const validate = compile(schema);
    expect(validate(body), explain(validate)).toBe(true);

    const head = String(body.id);
    expect(await ctx.state.repos.resolveBranch(repo, 'main')).toBe(head);
    expect(await ctx.state.repos.readFile(repo, head, 'bin/blob')).toEqual(binary);
    expect(await read(repo, 'main', 'README.md')).toBe('new readme\n');
    const modes = new Map(
      (await ctx.state.repos.listTree(repo, head, { recursive: true })).map((e) => [e.path, e.mode]),
    );
    expect(modes.get('run.sh')).toBe('100755');
    expect(modes.get('src/a.txt')).toBe('100644');

    const second = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'main',
      commit_message: 'Remove',
      actions: [
        { action: 'delete', file_path: 'src/a.txt' },
        { action: 'move', file_path: 'docs/README.md', previous_path: 'README.md' },
      ],
    });
    expect(second.status).toBe(201);
    expect(await read(repo, 'main', 'src/a.txt')).toBeNull();
    expect(await read(repo, 'main', 'docs/README.md')).toBe('new readme\n');
  });

  it('fails the whole commit, writing nothing, for a create of an existing or an update of a missing file', async () => {
    const token = await ctx.token();
    const repo = await project(token, 'strict');
    const before = await ctx.state.repos.resolveBranch(repo, 'main');
    const exists = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'main',
      commit_message: 'x',
      actions: [
        { action: 'create', file_path: 'new.txt', content: 'n' },
        { action: 'create', file_path: 'README.md', content: 'again' },
      ],
    });
    expect(exists.status).toBe(400);
    expect(exists.body).toEqual({ message: 'A file with this name already exists' });
    const missing = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'main',
      commit_message: 'x',
      actions: [{ action: 'update', file_path: 'nope.txt', content: 'n' }],
    });
    expect(missing.body).toEqual({ message: "A file with this name doesn't exist" });
    expect(await ctx.state.repos.resolveBranch(repo, 'main')).toBe(before);
    expect(await read(repo, 'main', 'new.txt')).toBeNull();
  });

  it('makes an empty project’s first commit, and a new branch from start_branch', async () => {
    const token = await ctx.token();
    const repo = await project(token, 'blank', false);
    const first = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'main',
      commit_message: 'first',
      actions: [{ action: 'create', file_path: 'a.txt', content: 'a' }],
    });
    expect(first.status).toBe(201);
    expect(asBody(first.body).parent_ids).toEqual([]);
    expect(await read(repo, 'main', 'a.txt')).toBe('a');

    const noStart = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'topic',
      commit_message: 'x',
      actions: [{ action: 'create', file_path: 'b.txt', content: 'b' }],
    });
    expect(noStart.status).toBe(400);
    expect(noStart.body).toEqual({ message: 'You can only create or edit files when you are on a branch' });

    const branched = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'topic',
      start_branch: 'main',
      commit_message: 'topic',
      actions: [{ action: 'create', file_path: 'b.txt', content: 'b' }],
    });
    expect(branched.status).toBe(201);
    expect(await read(repo, 'topic', 'a.txt')).toBe('a');
    expect(await read(repo, 'main', 'b.txt')).toBeNull();

    const exists = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'topic',
      start_branch: 'main',
      commit_message: 'again',
      actions: [{ action: 'create', file_path: 'c.txt', content: 'c' }],
    });
    expect(exists.body).toEqual({
      message: "A branch called 'topic' already exists. Switch to that branch in order to make changes",
    });
  });

  it('checks last_commit_id against the last commit that touched the file', async () => {
    const token = await ctx.token();
    const repo = await project(token, 'locking');
    const initial = await ctx.state.repos.resolveBranch(repo, 'main');
    const touched = asBody(
      (
        await ctx.api(token, 'POST', commits(repo.id), {
          branch: 'main',
          commit_message: 'edit',
          actions: [{ action: 'update', file_path: 'README.md', content: 'v2' }],
        })
      ).body,
    );
    const stale = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'main',
      commit_message: 'stale',
      actions: [{ action: 'update', file_path: 'README.md', content: 'v3', last_commit_id: initial }],
    });
    expect(stale.status).toBe(400);
    expect(stale.body).toEqual({ message: 'The file has changed since you started editing it: README.md' });
    const fresh = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'main',
      commit_message: 'fresh',
      actions: [{ action: 'update', file_path: 'README.md', content: 'v3', last_commit_id: touched.id }],
    });
    expect(fresh.status).toBe(201);
  });

  it('refuses a protected branch, a non-member, and a token without api', async () => {
    const token = await ctx.token();
    const repo = await project(token, 'guarded');
    repo.protectedBranches.add('main');
    const body = {
      branch: 'main',
      commit_message: 'x',
      actions: [{ action: 'create', file_path: 'x', content: 'x' }],
    };
    const refused = await ctx.api(token, 'POST', commits(repo.id), body);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ message: '403 Forbidden - You are not allowed to push into this branch' });
    repo.private = false;
    const stranger = await ctx.api(await ctx.token('mallory'), 'POST', commits(repo.id), {
      ...body,
      branch: 'other',
    });
    expect(stranger.status).toBe(404);
    const readOnly = await ctx.api(
      await ctx.token('tanuki', ['read_api', 'write_repository']),
      'POST',
      commits(repo.id),
      body,
    );
    expect(readOnly.status).toBe(403);
    expect(readOnly.body).toMatchObject({ error: 'insufficient_scope', scope: 'api' });
  });

  it('takes the same commit as a form body (actions[][…])', async () => {
    const token = await ctx.token();
    const repo = await project(token, 'formed');
    const form = new URLSearchParams([
      ['branch', 'main'],
      ['commit_message', 'form'],
      ['actions[][action]', 'create'],
      ['actions[][file_path]', 'tool.sh'],
      ['actions[][content]', Buffer.from('#!/bin/sh\n').toString('base64')],
      ['actions[][encoding]', 'base64'],
      ['actions[][action]', 'chmod'],
      ['actions[][file_path]', 'tool.sh'],
      ['actions[][execute_filemode]', 'true'],
    ]);
    const answer = await ctx.api(token, 'POST', commits(repo.id), undefined, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(answer.status).toBe(201);
    expect(await read(repo, 'main', 'tool.sh')).toBe('#!/bin/sh\n');
    const head = String(asBody(answer.body).id);
    const entry = (await ctx.state.repos.listTree(repo, head, { recursive: true })).find(
      (e) => e.path === 'tool.sh',
    );
    expect(entry?.mode).toBe('100755');
  });

  it('validates the request as Grape does', async () => {
    const token = await ctx.token();
    const repo = await project(token, 'grape');
    const none = await ctx.api(token, 'POST', commits(repo.id), {});
    expect(none.body).toEqual({ error: 'branch is missing, commit_message is missing, actions is missing' });
    const bad = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'main',
      commit_message: 'x',
      actions: [{ action: 'upsert', file_path: 'a' }],
    });
    expect(bad.body).toEqual({ error: 'actions[0][action] does not have a valid value' });
  });

  it('writes 1,000 files in one request', async () => {
    const token = await ctx.token();
    const repo = await project(token, 'thousand', false);
    const actions = Array.from({ length: 1_000 }, (_, i) => ({
      action: 'create',
      file_path: `dir${i % 10}/file-${i}.txt`,
      content: `line ${i}\n`.repeat(100),
    }));
    const started = performance.now();
    const answer = await ctx.api(token, 'POST', commits(repo.id), {
      branch: 'main',
      commit_message: 'bulk',
      actions,
    });
    const ms = performance.now() - started;
    expect(answer.status).toBe(201);
    console.info(`GitLab sandbox: 1,000-file commit in ${Math.round(ms)} ms`);
    const head = String(asBody(answer.body).id);
    const files = (await ctx.state.repos.listTree(repo, head, { recursive: true })).filter(
      (e) => e.type === 'blob',
    );
    expect(files).toHaveLength(1_000);
  });
});
