import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../domain/errors/catalogue.js';
import { git, scratchDir, worktreeBytes } from '../sandbox/git/git-client-fixture.js';
import type { FileChange, RepoAuth, RepoClient } from './repo-types.js';
import { useForgeSandbox } from './sandbox-fixture.js';
import { type RepoTokenCase, repoToken } from './testing/repo-tokens.js';
import type { RequestEvent } from './types.js';

/*
 * The repository operations contract (DESIGN.md principle 6, issue 5 §6): ONE behavioural suite run
 * against the three adapters' RepoClients through the sandbox forges, failures included. The sandbox
 * is driven only through its HTTP control API, and what a commit wrote is read back with plain
 * `git clone` of the sandbox's git hosting (public repositories: no credentials needed), so the
 * suite checks what a user would see, not what an adapter says it did. Per-forge differences are
 * data in FORGES, each from forges.md.
 */

interface ForgeCase extends RepoTokenCase {
  /** A token that may read who it is and nothing else. */
  noScopes: string[];
  /**
   * Most requests a 1,000-file commit to an existing branch may take (issue 5 §7): GitHub's Git Data
   * API takes about five (forges.md §1.8); GitLab writes in ONE request plus at most one read of the
   * branch head (to tell a new branch, §2.8); Bitbucket sends the `POST …/src` alone, which builds
   * on the branch head itself (§3.8).
   */
  commitRequests: number;
  /** Of those, requests that write (not GET); null: not fixed (GitHub's blobs, tree, commit, ref). */
  commitWrites: number | null;
  /**
   * `branchCreated` of a commit to an existing branch without `baseBranch`: false where the adapter
   * reads the branch first; null where the one write is all there is and the forge does not say
   * (Bitbucket's 201 has no such field, forges.md §3.8).
   */
  existingBranchCreated: false | null;
  /**
   * Requests a commit with a stale `expectedHead` takes before `branch_moved`; null: not fixed here.
   * Bitbucket: the one POST with `parents`, refused with 409 (§3.8).
   */
  staleCommitRequests: number | null;
  /**
   * What creating a repository without the scope answers: GitHub hides what a classic token may not
   * reach behind 404 (forges.md §1.4, "Classic PAT missing a scope: 404 or 403").
   */
  createRefusal: ErrorCode;
}

const FORGES: ForgeCase[] = [
  {
    ...repoToken('github'),
    noScopes: ['read:user'],
    commitRequests: 5,
    commitWrites: null,
    existingBranchCreated: false,
    staleCommitRequests: null,
    createRefusal: 'not_found',
  },
  {
    ...repoToken('gitlab'),
    noScopes: ['read_user'],
    commitRequests: 2,
    commitWrites: 1,
    existingBranchCreated: false,
    staleCommitRequests: null,
    createRefusal: 'insufficient_scope',
  },
  {
    ...repoToken('bitbucket'),
    noScopes: ['read:user:bitbucket'],
    commitRequests: 1,
    commitWrites: 1,
    existingBranchCreated: null,
    staleCommitRequests: 1,
    createRefusal: 'insufficient_scope',
  },
];

const { control, createToken, adapterFor } = useForgeSandbox();
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

const bytes = (text: string) => new TextEncoder().encode(text);
/** Binary by any reading: NUL bytes and invalid UTF-8. */
const BINARY = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x80, 0x0a]);

describe.each(FORGES)('repository contract: $forge', (c) => {
  async function client(scopes = c.scopes): Promise<{ repos: RepoClient; events: RequestEvent[] }> {
    const issued = await createToken({
      forge: c.forge,
      kind: c.kind,
      login: c.login,
      scopes,
      ...(c.email === undefined ? {} : { email: c.email }),
    });
    const { adapter, events } = adapterFor(c.forge);
    const auth: RepoAuth = {
      token: issued.token,
      kind: c.kind,
      ...(c.email === undefined ? {} : { email: c.email }),
    };
    return { repos: adapter.repos(auth), events };
  }

  /** A repository made through the control API: public, so `git clone` needs no credentials. */
  async function seedRepo(name: string, initialize: boolean): Promise<{ id: number; cloneUrl: string }> {
    const made = await control('POST', '/repos', {
      forge: c.forge,
      creator: c.login,
      name,
      private: false,
      initialize,
    });
    return { id: Number(made.id), cloneUrl: String(made.cloneUrl) };
  }

  async function clone(url: string, branch: string): Promise<Map<string, Uint8Array>> {
    const dir = await scratchDir('fk-contract-');
    scratch.push(dir);
    const cloned = await git(['clone', '--quiet', '--branch', branch, url, 'tree'], { cwd: dir });
    expect(cloned.code, cloned.stderr).toBe(0);
    // Plain bytes (not Buffers) so that they compare equal to the Uint8Arrays the suite sent.
    const files = await worktreeBytes(join(dir, 'tree'));
    return new Map([...files].map(([path, content]) => [path, new Uint8Array(content)]));
  }

  const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
    if (!result.ok) throw new Error(`expected success, got ${result.error.code}`);
    return result.value;
  };
  const code = (result: { ok: boolean; error?: { code: ErrorCode } }) =>
    result.ok ? 'ok' : result.error?.code;

  it('lists every repository across the forge pages, and resumes from a cursor', async () => {
    const names = Array.from({ length: 105 }, (_, i) => `listed-${String(i).padStart(3, '0')}`);
    for (const name of names) {
      await control('POST', '/repos', {
        forge: c.forge,
        creator: c.login,
        name,
        private: true,
        initialize: false,
      });
    }
    const { repos } = await client();
    // 105 needs a second page at every forge's largest page size (100; forges.md §1.8, §2.8, §3.8).
    const all = value(await repos.listRepos({ cap: 1000 }));
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((repo) => repo.name).sort()).toEqual(names);
    expect(all.items[0]).toMatchObject({ owner: c.login, private: true });

    const walked: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const answer = value(await repos.listRepos({ cap: 40, ...(cursor === undefined ? {} : { cursor }) }));
      expect(answer.items.length).toBeLessThanOrEqual(40);
      walked.push(...answer.items.map((repo) => repo.name));
      if (answer.nextCursor === null) break;
      cursor = answer.nextCursor;
    }
    expect(walked.sort()).toEqual(names);
  });

  it('refuses a cursor that is not one of its own', async () => {
    const { repos } = await client();
    const forged = Buffer.from('https://evil.example/api?page=2').toString('base64url');
    expect(code(await repos.listRepos({ cursor: forged }))).toBe('invalid_input');
  });

  it('creates a private empty repository, and answers repo_exists for a taken name', async () => {
    const { repos } = await client();
    const created = value(await repos.createRepo({ name: 'fresh', description: 'made by the contract' }));
    expect(created).toMatchObject({
      owner: c.login,
      name: 'fresh',
      fullName: `${c.login}/fresh`,
      private: true,
      description: 'made by the contract',
    });
    expect(created.cloneUrl).toMatch(new RegExp(`/${c.login}/fresh\\.git$`));
    expect(created.cloneUrl).not.toMatch(/@/);
    expect(value(await repos.getRepo({ owner: c.login, name: 'fresh' })).id).toBe(created.id);
    expect(code(await repos.createRepo({ name: 'fresh' }))).toBe('repo_exists');
  });

  it('creates an initialised public repository whose one branch is its default', async () => {
    const { repos } = await client();
    const created = value(await repos.createRepo({ name: 'seeded', private: false, initialize: true }));
    expect(created.private).toBe(false);
    const branches = value(await repos.listBranches({ owner: c.login, name: 'seeded' }));
    expect(branches.items).toEqual([
      expect.objectContaining({ name: created.defaultBranch ?? 'main', isDefault: true }),
    ]);
  });

  it('creates an initialised repository on the default branch asked for', async () => {
    const { repos } = await client();
    const created = value(
      await repos.createRepo({ name: 'trunked', initialize: true, defaultBranch: 'trunk' }),
    );
    expect(created.defaultBranch).toBe('trunk');
    const ref = { owner: c.login, name: 'trunked' };
    expect(value(await repos.getRepo(ref)).defaultBranch).toBe('trunk');
    expect(value(await repos.listBranches(ref)).items).toEqual([
      expect.objectContaining({ name: 'trunk', isDefault: true }),
    ]);
  });

  it('lists branches with their heads, the default marked', async () => {
    await seedRepo('branchy', true);
    const { repos } = await client();
    const ref = { owner: c.login, name: 'branchy' };
    const head = value(await repos.listBranches(ref)).items[0];
    expect(head).toMatchObject({ name: 'main', isDefault: true, protected: false });
    expect(head?.sha).toMatch(/^[0-9a-f]{40}$/);
    value(
      await repos.commitFiles({ repo: ref, branch: 'feature', message: 'f', changes: [put('f.txt', 'f\n')] }),
    );
    const names = value(await repos.listBranches(ref)).items.map((branch) => [branch.name, branch.isDefault]);
    expect(names.sort()).toEqual([
      ['feature', false],
      ['main', true],
    ]);
  });

  it('commits text, binary, executable and a deletion to an existing branch, exactly as git then shows', async () => {
    const seeded = await seedRepo('mixed', true);
    const { repos } = await client();
    const ref = { owner: c.login, name: 'mixed' };
    const before = value(await repos.listBranches(ref)).items[0]?.sha;
    const changes: FileChange[] = [
      put('src/app.ts', 'export const answer = 42;\n'),
      put('docs/ünïcödé.md', 'naïve café — ✓\n'),
      { action: 'put', path: 'assets/logo.png', content: BINARY },
      { action: 'put', path: 'bin/run', content: bytes('#!/bin/sh\necho run\n'), executable: true },
      { action: 'delete', path: 'README.md' },
    ];
    const result = value(
      await repos.commitFiles({ repo: ref, branch: 'main', expectedHead: before, message: 'mixed', changes }),
    );
    expect(result).toMatchObject({ branch: 'main', branchCreated: c.existingBranchCreated });
    expect(result.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(value(await repos.listBranches(ref)).items[0]?.sha).toBe(result.sha);

    const files = await clone(seeded.cloneUrl, 'main');
    expect([...files.keys()].sort()).toEqual(['assets/logo.png', 'bin/run', 'docs/ünïcödé.md', 'src/app.ts']);
    expect(files.get('assets/logo.png')).toEqual(BINARY);
    expect(new TextDecoder().decode(files.get('docs/ünïcödé.md'))).toBe('naïve café — ✓\n');
    const modes = await lsTreeModes(seeded.cloneUrl);
    expect(modes.get('bin/run')).toBe('100755');
    expect(modes.get('src/app.ts')).toBe('100644');
  });

  it('commits to a new branch from a base, leaving the base as it was', async () => {
    const seeded = await seedRepo('branching', true);
    const { repos } = await client();
    const ref = { owner: c.login, name: 'branching' };
    const mainBefore = value(await repos.listBranches(ref)).items.find((b) => b.name === 'main')?.sha;
    const result = value(
      await repos.commitFiles({
        repo: ref,
        branch: 'feature/x',
        baseBranch: 'main',
        message: 'feature',
        changes: [put('feature.txt', 'new\n')],
      }),
    );
    expect(result).toMatchObject({ branch: 'feature/x', branchCreated: true });
    const branches = value(await repos.listBranches(ref)).items;
    expect(branches.find((b) => b.name === 'main')?.sha).toBe(mainBefore);
    expect(branches.find((b) => b.name === 'feature/x')?.sha).toBe(result.sha);
    const files = await clone(seeded.cloneUrl, 'feature/x');
    expect([...files.keys()].sort()).toEqual(['README.md', 'feature.txt']);
  });

  it('makes the first commit of an empty repository', async () => {
    const seeded = await seedRepo('empty', false);
    const { repos } = await client();
    const ref = { owner: c.login, name: 'empty' };
    expect(value(await repos.listBranches(ref)).items).toEqual([]);
    const changes = [
      put('README.md', '# empty no more\n'),
      { action: 'put', path: 'data.bin', content: BINARY } as const,
    ];
    const result = value(await repos.commitFiles({ repo: ref, branch: 'main', message: 'first', changes }));
    expect(result.branch).toBe('main');
    const files = await clone(seeded.cloneUrl, 'main');
    expect(new TextDecoder().decode(files.get('README.md'))).toBe('# empty no more\n');
    expect(files.get('data.bin')).toEqual(BINARY);
  });

  it(`commits 1,000 files to an existing branch in at most ${c.commitRequests} request${c.commitRequests === 1 ? '' : 's'}`, async () => {
    const seeded = await seedRepo('thousand', true);
    const { repos, events } = await client();
    const changes = Array.from({ length: 1000 }, (_, i) =>
      put(`files/d${i % 10}/f${i}.txt`, `file ${i}\n`.repeat(20)),
    );
    events.length = 0;
    value(
      await repos.commitFiles({
        repo: { owner: c.login, name: 'thousand' },
        branch: 'main',
        message: '1000',
        changes,
      }),
    );
    expect(events.length).toBeLessThanOrEqual(c.commitRequests);
    const writes = events.filter((event) => event.method !== 'GET');
    if (c.commitWrites !== null) expect(writes).toHaveLength(c.commitWrites);
    const files = await clone(seeded.cloneUrl, 'main');
    expect(files.size).toBe(1001);
    expect(new TextDecoder().decode(files.get('files/d7/f997.txt'))).toBe('file 997\n'.repeat(20));
  }, 60_000);

  it('fails with branch_moved, writing nothing, when the branch is not where the caller saw it', async () => {
    const seeded = await seedRepo('moving', true);
    const { repos, events } = await client();
    const ref = { owner: c.login, name: 'moving' };
    const seen = value(await repos.listBranches(ref)).items[0]?.sha;
    const moved = value(
      await repos.commitFiles({
        repo: ref,
        branch: 'main',
        message: 'other',
        changes: [put('other.txt', 'o\n')],
      }),
    );
    events.length = 0;
    const stale = await repos.commitFiles({
      repo: ref,
      branch: 'main',
      expectedHead: seen,
      message: 'mine',
      changes: [put('mine.txt', 'm\n')],
    });
    expect(code(stale)).toBe('branch_moved');
    if (c.staleCommitRequests !== null) expect(events).toHaveLength(c.staleCommitRequests);
    expect(value(await repos.listBranches(ref)).items[0]?.sha).toBe(moved.sha);
    expect([...(await clone(seeded.cloneUrl, 'main')).keys()].sort()).toEqual(['README.md', 'other.txt']);
  });

  it('opens a pull request, and answers pull_request_exists for the same branches', async () => {
    await seedRepo('reviewed', true);
    const { repos } = await client();
    const ref = { owner: c.login, name: 'reviewed' };
    value(
      await repos.commitFiles({
        repo: ref,
        branch: 'topic',
        message: 't',
        changes: [put('topic.txt', 't\n')],
      }),
    );
    const pull = value(
      await repos.openPullRequest({
        repo: ref,
        title: 'Add topic',
        head: 'topic',
        base: 'main',
        body: 'Please review.',
      }),
    );
    expect(pull).toMatchObject({ title: 'Add topic', head: 'topic', base: 'main', state: 'open' });
    expect(pull.number).toBeGreaterThan(0);
    expect(pull.webUrl).toMatch(/^http/);
    const again = await repos.openPullRequest({ repo: ref, title: 'Again', head: 'topic', base: 'main' });
    expect(code(again)).toBe('pull_request_exists');
  });

  it('creates a webhook for push and pull-request events without echoing its secret', async () => {
    await seedRepo('hooked', true);
    const { repos } = await client();
    const hook = value(
      await repos.createWebhook({
        repo: { owner: c.login, name: 'hooked' },
        url: 'http://127.0.0.1:9/hook',
        secret: 'hook-secret-1234',
      }),
    );
    expect(hook).toMatchObject({ url: 'http://127.0.0.1:9/hook', active: true });
    expect([...hook.events].sort()).toEqual(['pull_request', 'push']);
    expect(JSON.stringify(hook)).not.toContain('hook-secret-1234');
  });

  it('answers not_found for a repository that does not exist', async () => {
    const { repos } = await client();
    expect(code(await repos.listBranches({ owner: c.login, name: 'nowhere' }))).toBe('not_found');
  });

  it("refuses what the token's scopes do not allow (insufficient_scope; GitHub hides creation behind 404)", async () => {
    await seedRepo('guarded', true);
    const { repos } = await client(c.noScopes);
    expect(code(await repos.createRepo({ name: 'denied' }))).toBe(c.createRefusal);
    const commit = await repos.commitFiles({
      repo: { owner: c.login, name: 'guarded' },
      branch: 'main',
      message: 'm',
      changes: [put('x', 'x')],
    });
    expect(code(commit)).toBe('insufficient_scope');
  });
});

function put(path: string, text: string): FileChange {
  return { action: 'put', path, content: new TextEncoder().encode(text) };
}

/** path → mode (`100644`, `100755`) of the default branch, read with `git ls-remote`-free plumbing on a fresh clone. */
async function lsTreeModes(url: string): Promise<Map<string, string>> {
  const dir = await scratchDir('fk-contract-modes-');
  scratch.push(dir);
  const cloned = await git(['clone', '--quiet', '--bare', url, 'bare.git'], { cwd: dir });
  expect(cloned.code, cloned.stderr).toBe(0);
  const listed = await git(['-c', 'core.quotePath=false', 'ls-tree', '-r', 'HEAD'], {
    cwd: join(dir, 'bare.git'),
  });
  const modes = new Map<string, string>();
  for (const line of listed.stdout.split('\n').filter(Boolean)) {
    const [meta, path] = line.split('\t');
    modes.set(path ?? '', meta?.split(' ')[0] ?? '');
  }
  return modes;
}
