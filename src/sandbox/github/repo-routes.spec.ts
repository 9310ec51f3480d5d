import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { githubClassic, githubFineGrained } from '../testing/factories.js';
import { call, useSandbox } from '../testing/sandbox-fixture.js';
import { compile, explain, githubSchema } from '../testing/spec-schemas.js';
import { startReceiver } from '../testing/webhook-receiver.js';

const ctx = useSandbox();
const api = () => ctx.sandbox.urls.github.api;

async function tokenFor(input: Parameters<typeof githubClassic>[0] = {}): Promise<string> {
  return (await ctx.sandbox.control.createToken(githubClassic(input))).token;
}

async function fineGrained(
  permissions: Record<string, 'read' | 'write' | 'admin'>,
  login = 'octo',
): Promise<string> {
  return (await ctx.sandbox.control.createToken(githubFineGrained({ permissions, login }))).token;
}

function gh(token: string | null, path: string, method = 'GET', body?: unknown) {
  const url = path.startsWith('http') ? path : `${api()}${path}`;
  return call(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function makeRepo(token: string, name: string, extra: Record<string, unknown> = {}) {
  const created = await gh(token, '/user/repos', 'POST', { name, ...extra });
  expect(created.status, created.text).toBe(201);
  return created.body as { full_name: string; default_branch: string };
}

const validator = (name: string) => compile(githubSchema(name));

describe('GitHub repositories: create and get (forges.md §1.8)', () => {
  it('creates a user repository that validates as full-repository, and gets it back', async () => {
    const token = await tokenFor();
    const created = await gh(token, '/user/repos', 'POST', {
      name: 'hello',
      private: true,
      description: 'Hi',
    });
    expect(created.status).toBe(201);
    const full = validator('full-repository');
    expect(full(created.body), explain(full)).toBe(true);
    expect(created.body).toMatchObject({
      full_name: 'octo/hello',
      private: true,
      visibility: 'private',
      description: 'Hi',
    });
    expect(created.headers.get('x-accepted-oauth-scopes')).toBe('public_repo, repo');
    const got = await gh(token, '/repos/octo/hello');
    expect(got.status).toBe(200);
    expect(full(got.body), explain(full)).toBe(true);
    expect(got.body).toMatchObject({ permissions: { admin: true, push: true, pull: true } });
  });

  it('answers a taken name with 422 and GitHub’s errors array', async () => {
    const token = await tokenFor();
    await makeRepo(token, 'taken');
    const again = await gh(token, '/user/repos', 'POST', { name: 'TAKEN' });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      message: 'Repository creation failed.',
      errors: [
        {
          resource: 'Repository',
          code: 'custom',
          field: 'name',
          message: 'name already exists on this account',
        },
      ],
      status: '422',
    });
    expect(validator('validation-error')(again.body)).toBe(true);
  });

  it('turns invalid characters into dashes and refuses names that stay invalid', async () => {
    const token = await tokenFor();
    expect((await makeRepo(token, 'my repo!')).full_name).toBe('octo/my-repo-');
    const dot = await gh(token, '/user/repos', 'POST', { name: '..' });
    expect(dot.status).toBe(422);
    expect(dot.body).toMatchObject({ message: 'Repository creation failed.' });
    const missing = await gh(token, '/user/repos', 'POST', {});
    expect(missing.body).toMatchObject({ errors: [{ code: 'missing_field', field: 'name' }] });
  });

  it('creates organisation repositories with visibility, but not under a user login', async () => {
    const token = await tokenFor();
    const created = await gh(token, '/orgs/acme/repos', 'POST', {
      name: 'site',
      visibility: 'private',
      auto_init: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      full_name: 'acme/site',
      private: true,
      owner: { type: 'Organization' },
    });
    expect((await gh(token, '/orgs/octo/repos', 'POST', { name: 'x' })).status).toBe(404);
  });

  it('hides creation from a classic token without repo or public_repo, and refuses private with public_repo only', async () => {
    const none = await tokenFor({ scopes: [] });
    expect((await gh(none, '/user/repos', 'POST', { name: 'a' })).status).toBe(404);
    const publicOnly = await tokenFor({ scopes: ['public_repo'], name: 'public' });
    expect((await gh(publicOnly, '/user/repos', 'POST', { name: 'a', private: true })).status).toBe(404);
    expect((await gh(publicOnly, '/user/repos', 'POST', { name: 'a' })).status).toBe(201);
  });

  it('asks a fine-grained token for Administration: write', async () => {
    const reader = await fineGrained({ contents: 'write' });
    const refused = await gh(reader, '/user/repos', 'POST', { name: 'a' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ message: 'Resource not accessible by personal access token' });
    expect(refused.headers.get('x-accepted-github-permissions')).toBe('administration=write');
    const admin = await fineGrained({ administration: 'write' });
    expect((await gh(admin, '/user/repos', 'POST', { name: 'a' })).status).toBe(201);
  });
});

describe('GitHub repositories: budget', () => {
  it('spends the per-user budget on repository calls and refuses with GitHub’s 403 when it is gone', async () => {
    await ctx.sandbox.control.setConfig({ github: { rateLimitPerHour: 2 } });
    const token = await tokenFor();
    expect((await gh(token, '/user/repos')).headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await gh(token, '/user/repos', 'POST', { name: 'a' })).status).toBe(201);
    const limited = await gh(token, '/repos/octo/a');
    expect(limited.status).toBe(403);
    expect(limited.body).toMatchObject({
      message: expect.stringMatching(/^API rate limit exceeded for user ID \d+\.$/),
    });
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
  });
});

describe('GitHub repositories: visibility', () => {
  it('hides a private repository from other users, anonymous callers and tokens without repo', async () => {
    const octo = await tokenFor();
    await makeRepo(octo, 'secret', { private: true });
    await makeRepo(octo, 'open');
    const hubot = await tokenFor({ login: 'hubot' });
    const publicOnly = await tokenFor({ scopes: ['public_repo'], name: 'p' });
    for (const token of [hubot, publicOnly, null]) {
      const answer = await gh(token, '/repos/octo/secret');
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ message: 'Not Found', status: '404' });
    }
    expect((await gh(null, '/repos/octo/open')).status).toBe(200);
    expect((await gh(hubot, '/repos/octo/open')).body).toMatchObject({
      permissions: { push: false, pull: true },
    });
    const listed = await gh(publicOnly, '/user/repos');
    expect((listed.body as { name: string }[]).map((repo) => repo.name)).toEqual(['open']);
  });
});

describe('GitHub GET /user/repos pagination', () => {
  it('pages 30 by default with Link next/last, clamps per_page to 100, and filters', async () => {
    const token = await tokenFor();
    for (let index = 0; index < 35; index++)
      await makeRepo(token, `r${String(index).padStart(2, '0')}`, { private: index % 2 === 0 });
    const first = await gh(token, '/user/repos');
    expect((first.body as unknown[]).length).toBe(30);
    const link = first.headers.get('link') ?? '';
    expect(link).toMatch(/<[^>]+[?&]page=2[^>]*>; rel="next"/);
    expect(link).toMatch(/rel="last"/);
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? '';
    const second = await gh(token, next);
    expect((second.body as { name: string }[]).map((repo) => repo.name)).toEqual([
      'r30',
      'r31',
      'r32',
      'r33',
      'r34',
    ]);
    expect(second.headers.get('link')).toMatch(/rel="prev"/);
    const items = validator('repository');
    for (const item of first.body as unknown[]) expect(items(item), explain(items)).toBe(true);
    const clamped = await gh(token, '/user/repos?per_page=1000');
    expect((clamped.body as unknown[]).length).toBe(35);
    expect(clamped.headers.has('link')).toBe(false);
    const privateOnes = await gh(token, '/user/repos?visibility=private&per_page=100');
    expect((privateOnes.body as unknown[]).length).toBe(18);
    const conflict = await gh(token, '/user/repos?type=owner&visibility=all');
    expect(conflict.status).toBe(422);
  });
});

describe('GitHub Git Data API (forges.md §1.8)', () => {
  it('renames a branch: the default, HEAD and the branch list move with it; unknown or taken names are refused', async () => {
    const token = await tokenFor();
    await makeRepo(token, 'renamed', { auto_init: true });
    const renamed = await gh(token, '/repos/octo/renamed/branches/main/rename', 'POST', {
      new_name: 'trunk',
    });
    expect(renamed.status, renamed.text).toBe(201);
    expect(renamed.body).toMatchObject({ name: 'trunk', protected: false });
    expect((await gh(token, '/repos/octo/renamed')).body).toMatchObject({ default_branch: 'trunk' });
    expect(
      ((await gh(token, '/repos/octo/renamed/branches')).body as { name: string }[]).map((b) => b.name),
    ).toEqual(['trunk']);
    expect(
      (await gh(token, '/repos/octo/renamed/branches/main/rename', 'POST', { new_name: 'x' })).status,
    ).toBe(404);
    expect((await gh(token, '/repos/octo/renamed/branches/trunk/rename', 'POST', {})).status).toBe(422);
    expect(
      (await gh(token, '/repos/octo/renamed/branches/trunk/rename', 'POST', { new_name: 'bad..name' }))
        .status,
    ).toBe(422);
    // Without push access: hidden as on GitHub.
    const other = await tokenFor({ login: 'someone-else' });
    const refused = await gh(other, '/repos/octo/renamed/branches/trunk/rename', 'POST', { new_name: 'y' });
    expect(refused.status).toBe(404);
  });

  it('answers 409 "Git Repository is empty." on an empty repository, until PUT /contents makes a first commit', async () => {
    const token = await tokenFor();
    await makeRepo(token, 'empty');
    for (const [method, path, body] of [
      ['GET', '/repos/octo/empty/git/ref/heads/main', undefined],
      ['POST', '/repos/octo/empty/git/blobs', { content: 'x' }],
      ['POST', '/repos/octo/empty/git/trees', { tree: [] }],
    ] as const) {
      const answer = await gh(token, path, method, body);
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ message: 'Git Repository is empty.', status: '409' });
    }
    expect((await gh(token, '/repos/octo/empty/branches')).body).toEqual([]);
    const put = await gh(token, '/repos/octo/empty/contents/docs/README.md', 'PUT', {
      message: 'first',
      content: Buffer.from('hello\n').toString('base64'),
    });
    expect(put.status).toBe(201);
    const fileCommit = validator('file-commit');
    expect(fileCommit(put.body), explain(fileCommit)).toBe(true);
    const ref = await gh(token, '/repos/octo/empty/git/ref/heads/main');
    expect(ref.status).toBe(200);
    expect(validator('git-ref')(ref.body)).toBe(true);
    const repo = ctx.sandbox.repos.get('github', 'octo', 'empty');
    const sha = (ref.body as { object: { sha: string } }).object.sha;
    expect(repo && (await ctx.sandbox.repos.readFile(repo, sha, 'docs/README.md'))?.toString()).toBe(
      'hello\n',
    );
  });

  it('commits inline text, a binary blob, an executable and a delete in one tree, then moves the ref', async () => {
    const token = await tokenFor();
    await makeRepo(token, 'data', { auto_init: true });
    const base = '/repos/octo/data';
    const head = ((await gh(token, `${base}/git/ref/heads/main`)).body as { object: { sha: string } }).object
      .sha;
    const parent = await gh(token, `${base}/git/commits/${head}`);
    expect(validator('git-commit')(parent.body)).toBe(true);
    const baseTree = (parent.body as { tree: { sha: string } }).tree.sha;
    const blob = await gh(token, `${base}/git/blobs`, 'POST', {
      content: Buffer.from([0, 1, 2, 255]).toString('base64'),
      encoding: 'base64',
    });
    expect(blob.status).toBe(201);
    expect(validator('short-blob')(blob.body)).toBe(true);
    const tree = await gh(token, `${base}/git/trees`, 'POST', {
      base_tree: baseTree,
      tree: [
        { path: 'src/a.ts', mode: '100644', type: 'blob', content: 'export const a = 1;\n' },
        { path: 'bin/run', mode: '100755', type: 'blob', content: '#!/bin/sh\n' },
        { path: 'img.bin', mode: '100644', type: 'blob', sha: (blob.body as { sha: string }).sha },
        { path: 'README.md', mode: '100644', type: 'blob', sha: null },
      ],
    });
    expect(tree.status, tree.text).toBe(201);
    expect(validator('git-tree')(tree.body)).toBe(true);
    const commit = await gh(token, `${base}/git/commits`, 'POST', {
      message: 'many files',
      tree: (tree.body as { sha: string }).sha,
      parents: [head],
    });
    expect(commit.status).toBe(201);
    const sha = (commit.body as { sha: string }).sha;
    const moved = await gh(token, `${base}/git/refs/heads/main`, 'PATCH', { sha, force: false });
    expect(moved.status).toBe(200);
    const repo = ctx.sandbox.repos.get('github', 'octo', 'data');
    if (!repo) throw new Error('no repo');
    expect(
      (await ctx.sandbox.repos.readFile(repo, sha, 'img.bin'))?.equals(Buffer.from([0, 1, 2, 255])),
    ).toBe(true);
    expect(await ctx.sandbox.repos.readFile(repo, sha, 'README.md')).toBeNull();
    const entries = await ctx.sandbox.repos.listTree(repo, sha, { recursive: true });
    expect(entries.find((entry) => entry.path === 'bin/run')?.mode).toBe('100755');

    const back = await gh(token, `${base}/git/refs/heads/main`, 'PATCH', { sha: head });
    expect(back.status).toBe(422);
    expect(back.body).toMatchObject({ message: 'Update is not a fast forward' });
    expect((await gh(token, `${base}/git/refs/heads/main`, 'PATCH', { sha: head, force: true })).status).toBe(
      200,
    );
  });

  it('accepts a 5 MB tree of 1,000 inline files, large blobs and contents, as GitHub does (no 413)', async () => {
    const token = await tokenFor();
    await makeRepo(token, 'large', { auto_init: true });
    const base = '/repos/octo/large';
    const head = ((await gh(token, `${base}/git/ref/heads/main`)).body as { object: { sha: string } }).object
      .sha;
    const tree = Array.from({ length: 1_000 }, (_, i) => ({
      path: `files/${String(i).padStart(4, '0')}.txt`,
      mode: '100644',
      type: 'blob',
      content: `${'x'.repeat(5_000)}${i}\n`,
    }));
    expect(JSON.stringify({ tree }).length).toBeGreaterThan(5_000_000);
    const made = await gh(token, `${base}/git/trees`, 'POST', { base_tree: null, tree });
    expect(made.status, made.text.slice(0, 200)).toBe(201);
    const sha = (made.body as { sha: string }).sha;
    const commit = await gh(token, `${base}/git/commits`, 'POST', {
      message: 'many',
      tree: sha,
      parents: [head],
    });
    expect(commit.status).toBe(201);
    const repo = ctx.sandbox.repos.get('github', 'octo', 'large');
    if (!repo) throw new Error('no repo');
    const commitSha = (commit.body as { sha: string }).sha;
    expect((await ctx.sandbox.repos.readFile(repo, commitSha, 'files/0999.txt'))?.toString()).toBe(
      `${'x'.repeat(5_000)}999\n`,
    );

    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const blob = await gh(token, `${base}/git/blobs`, 'POST', {
      content: big.toString('base64'),
      encoding: 'base64',
    });
    expect(blob.status).toBe(201);
    const put = await gh(token, `${base}/contents/big.bin`, 'PUT', {
      message: 'big',
      content: big.toString('base64'),
    });
    expect(put.status).toBe(201);

    // Routes that carry no file contents keep Fastify's 1 MiB default.
    const huge = await gh(token, '/user/repos', 'POST', {
      name: 'h',
      description: 'd'.repeat(2 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
  }, 60_000);

  it('refuses content and sha together, unknown refs, and existing refs', async () => {
    const token = await tokenFor();
    await makeRepo(token, 'v', { auto_init: true });
    const both = await gh(token, '/repos/octo/v/git/trees', 'POST', {
      tree: [{ path: 'a', mode: '100644', type: 'blob', content: 'x', sha: 'a'.repeat(40) }],
    });
    expect(both.status).toBe(422);
    const head = ((await gh(token, '/repos/octo/v/git/ref/heads/main')).body as { object: { sha: string } })
      .object.sha;
    expect((await gh(token, '/repos/octo/v/git/ref/heads/nope')).status).toBe(404);
    const created = await gh(token, '/repos/octo/v/git/refs', 'POST', {
      ref: 'refs/heads/feature/x',
      sha: head,
    });
    expect(created.status).toBe(201);
    expect((await gh(token, '/repos/octo/v/git/ref/heads/feature/x')).status).toBe(200);
    const again = await gh(token, '/repos/octo/v/git/refs', 'POST', {
      ref: 'refs/heads/feature/x',
      sha: head,
    });
    expect(again.body).toMatchObject({ message: 'Reference already exists' });
    const branches = await gh(token, '/repos/octo/v/branches?per_page=1');
    expect(branches.headers.get('link')).toMatch(/rel="next"/);
    expect(validator('short-branch')((branches.body as unknown[])[0])).toBe(true);
  });

  it('applies scopes: 403 for a classic token without public_repo on a public repository, 404 on a private one', async () => {
    const owner = await tokenFor();
    await makeRepo(owner, 'pub', { auto_init: true });
    await makeRepo(owner, 'priv', { auto_init: true, private: true });
    const weak = await tokenFor({ scopes: ['read:user'], name: 'weak' });
    const refused = await gh(weak, '/repos/octo/pub/git/blobs', 'POST', { content: 'x' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-accepted-oauth-scopes')).toBe('public_repo, repo');
    expect(refused.headers.get('x-oauth-scopes')).toBe('read:user');
    expect((await gh(weak, '/repos/octo/priv/git/blobs', 'POST', { content: 'x' })).status).toBe(404);
    const reader = await fineGrained({ contents: 'read' });
    const fg = await gh(reader, '/repos/octo/pub/git/blobs', 'POST', { content: 'x' });
    expect(fg.status).toBe(403);
    expect(fg.body).toMatchObject({ message: 'Resource not accessible by personal access token' });
    expect(fg.headers.get('x-accepted-github-permissions')).toBe('contents=write');
  });

  it('refuses workflow files without the workflow scope, with GitHub’s text', async () => {
    const owner = await tokenFor({ scopes: ['repo', 'workflow'] });
    await makeRepo(owner, 'wf', { auto_init: true });
    const noWorkflow = await tokenFor({ scopes: ['repo'], name: 'no-wf' });
    const entry = { path: '.github/workflows/ci.yml', mode: '100644', type: 'blob', content: 'on: push\n' };
    const refused = await gh(noWorkflow, '/repos/octo/wf/git/trees', 'POST', { tree: [entry] });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({
      message:
        'refusing to allow a Personal Access Token to create or update workflow `.github/workflows/ci.yml` without `workflow` scope',
    });
    expect((await gh(owner, '/repos/octo/wf/git/trees', 'POST', { tree: [entry] })).status).toBe(201);
    const contents = await gh(noWorkflow, '/repos/octo/wf/contents/.github/workflows/ci.yml', 'PUT', {
      message: 'wf',
      content: Buffer.from('on: push\n').toString('base64'),
    });
    expect(contents.status).toBe(404);
    const fg = await fineGrained({ contents: 'write' });
    const fgRefused = await gh(fg, '/repos/octo/wf/git/trees', 'POST', { tree: [entry] });
    expect(fgRefused.status).toBe(403);
    expect(fgRefused.headers.get('x-accepted-github-permissions')).toBe('contents=write,workflows=write');
  });
});

describe('GitHub pull requests and webhooks', () => {
  it('opens a pull request, refuses a duplicate and missing branches', async () => {
    const token = await tokenFor();
    await makeRepo(token, 'pr', { auto_init: true });
    const put = await gh(token, '/repos/octo/pr/contents/b.txt', 'PUT', {
      message: 'b',
      content: 'Yg==',
      branch: 'main',
    });
    expect(put.status).toBe(201);
    const head = ((await gh(token, '/repos/octo/pr/git/ref/heads/main')).body as { object: { sha: string } })
      .object.sha;
    const repo = ctx.sandbox.repos.get('github', 'octo', 'pr');
    if (!repo) throw new Error('no repo');
    const parent = (await ctx.sandbox.repos.readCommit(repo, head))?.parents[0] ?? '';
    await gh(token, '/repos/octo/pr/git/refs', 'POST', { ref: 'refs/heads/old', sha: parent });
    const opened = await gh(token, '/repos/octo/pr/pulls', 'POST', {
      title: 'Add b',
      head: 'main',
      base: 'old',
    });
    expect(opened.status, opened.text).toBe(201);
    const schema = validator('pull-request');
    expect(schema(opened.body), explain(schema)).toBe(true);
    expect(opened.body).toMatchObject({
      number: 1,
      state: 'open',
      head: { ref: 'main' },
      base: { ref: 'old' },
    });
    const duplicate = await gh(token, '/repos/octo/pr/pulls', 'POST', {
      title: 'Again',
      head: 'octo:main',
      base: 'old',
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toMatchObject({
      message: 'Validation Failed',
      errors: [
        { resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for octo:main.' },
      ],
    });
    const missing = await gh(token, '/repos/octo/pr/pulls', 'POST', {
      title: 'x',
      head: 'nope',
      base: 'old',
    });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ errors: [{ field: 'head', code: 'invalid' }] });
  });

  it('delivers ping, push and pull_request events with a valid X-Hub-Signature-256', async () => {
    const receiver = await startReceiver();
    const { received } = receiver;
    try {
      const token = await tokenFor({ scopes: ['repo'] });
      await makeRepo(token, 'hooked', { auto_init: true });
      const hook = await gh(token, '/repos/octo/hooked/hooks', 'POST', {
        name: 'web',
        active: true,
        events: ['push', 'pull_request'],
        config: {
          url: receiver.url,
          content_type: 'json',
          secret: 's3cret',
          insecure_ssl: '0',
        },
      });
      expect(hook.status).toBe(201);
      expect(hook.body).toMatchObject({
        active: true,
        events: ['push', 'pull_request'],
        config: { url: receiver.url },
      });
      await gh(token, '/repos/octo/hooked/contents/x.txt', 'PUT', {
        message: 'x',
        content: 'eA==',
        branch: 'main',
      });
      const events = () => received.map((entry) => String(entry.headers['x-github-event'])).sort();
      await expect.poll(events).toEqual(['ping', 'push']);
      const push = received.find((entry) => entry.headers['x-github-event'] === 'push');
      if (!push) throw new Error('no push');
      const expected = `sha256=${createHmac('sha256', 's3cret').update(push.body).digest('hex')}`;
      expect(push.headers['x-hub-signature-256']).toBe(expected);
      expect(push.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(push.body)).toMatchObject({
        ref: 'refs/heads/main',
        repository: { full_name: 'octo/hooked' },
      });
      const head = (
        (await gh(token, '/repos/octo/hooked/git/ref/heads/main')).body as { object: { sha: string } }
      ).object.sha;
      await gh(token, '/repos/octo/hooked/git/refs', 'POST', { ref: 'refs/heads/feature', sha: head });
      await gh(token, '/repos/octo/hooked/contents/y.txt', 'PUT', {
        message: 'y',
        content: 'eQ==',
        branch: 'feature',
      });
      const pull = await gh(token, '/repos/octo/hooked/pulls', 'POST', {
        title: 'Y',
        head: 'feature',
        base: 'main',
      });
      expect(pull.status).toBe(201);
      await expect.poll(events).toEqual(['ping', 'pull_request', 'push', 'push', 'push']);
      const opened = received.find((entry) => entry.headers['x-github-event'] === 'pull_request');
      expect(JSON.parse(opened?.body ?? '{}')).toMatchObject({
        action: 'opened',
        number: 1,
        pull_request: { title: 'Y' },
      });
      await expect
        .poll(() => ctx.sandbox.repos.deliveries.filter((delivery) => delivery.status === 200).length)
        .toBe(5);
      const noHooks = await tokenFor({ scopes: ['public_repo'], name: 'nohooks' });
      const refused = await gh(noHooks, '/repos/octo/hooked/hooks', 'POST', {
        config: { url: 'http://127.0.0.1:1/' },
      });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('x-accepted-oauth-scopes')).toBe('admin:repo_hook, repo, write:repo_hook');
    } finally {
      await receiver.close();
    }
  });
});
