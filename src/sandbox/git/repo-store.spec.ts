import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from './git-exec.js';
import { GitInputError, type PushEvent, RepoExistsError, SandboxRepos } from './repo-store.js';
import type { CreateRepoInput, GitIdentity, SandboxRepo } from './types.js';

const NOW = Date.parse('2027-03-01T12:00:00Z');
const author: GitIdentity = { name: 'Octo Cat', email: 'octo@example.com', dateMs: NOW };

const makeRepo = (overrides: Partial<CreateRepoInput> = {}): CreateRepoInput => ({
  forge: 'github',
  owner: 'octo',
  ownerKind: 'user',
  name: 'hello',
  creatorLogin: 'octo',
  private: false,
  description: 'A test repository',
  defaultBranch: 'main',
  initialize: true,
  ...overrides,
});

let scratch: string;
let repos: SandboxRepos;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'fk-repo-store-spec-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
afterEach(async () => {
  await repos?.close();
});

function store(): SandboxRepos {
  repos = new SandboxRepos({ now: () => NOW });
  return repos;
}

/** Clones the bare repository with real git and returns the files of the working tree. */
async function cloneFiles(repo: SandboxRepo): Promise<Map<string, Buffer>> {
  const target = await mkdtemp(join(scratch, 'clone-'));
  await runGit(null, scratch, ['clone', '-q', repo.gitDir, target]);
  const files = new Map<string, Buffer>();
  const walk = async (dir: string, prefix: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = prefix + entry.name;
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${path}/`);
      else files.set(path, await readFile(join(dir, entry.name)));
    }
  };
  await walk(target, '');
  return files;
}

describe('SandboxRepos: repositories', () => {
  it('creates an initialised repository with a README on the default branch', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo(), NOW);
    expect(repo.collaborators).toEqual(new Set(['octo']));
    expect(repo.fullName).toBe('octo/hello');
    const branches = await store_.branches(repo);
    expect(branches.map((branch) => branch.name)).toEqual(['main']);
    const commit = await store_.readCommit(repo, branches[0]!.sha);
    expect(commit?.parents).toEqual([]);
    expect(commit?.author.dateMs).toBe(NOW);
    const readme = await store_.readFile(repo, branches[0]!.sha, 'README.md');
    expect(readme?.toString()).toBe('# hello\n\nA test repository');
    const files = await cloneFiles(repo);
    expect([...files.keys()]).toEqual(['README.md']);
    const { stdout } = await runGit(repo.gitDir, scratch, ['fsck', '--strict']);
    expect(stdout.toString()).not.toMatch(/error/);
  });

  it('makes empty repositories whose HEAD names the default branch', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo({ initialize: false, defaultBranch: 'trunk' }), NOW);
    expect(await store_.isEmpty(repo)).toBe(true);
    expect(await store_.branches(repo)).toEqual([]);
    expect(await store_.resolveBranch(repo, 'trunk')).toBeNull();
    const head = await readFile(join(repo.gitDir, 'HEAD'), 'utf8');
    expect(head.trim()).toBe('ref: refs/heads/trunk');
    const { sha, update } = await store_.commitChanges(repo, {
      branch: 'trunk',
      parent: null,
      changes: [{ path: 'a.txt', content: Buffer.from('a\n') }],
      message: 'first',
      author,
      expectedOld: null,
      pusherLogin: 'octo',
    });
    expect(update).toBe('ok');
    expect(await store_.resolveBranch(repo, 'trunk')).toBe(sha);
    expect(await store_.isEmpty(repo)).toBe(false);
  });

  it('refuses a taken name case-insensitively, per forge, and numbers repositories per forge', async () => {
    const store_ = store();
    const first = await store_.create(makeRepo({ initialize: false }), NOW);
    await expect(store_.create(makeRepo({ owner: 'OCTO', name: 'Hello' }), NOW)).rejects.toBeInstanceOf(
      RepoExistsError,
    );
    const second = await store_.create(makeRepo({ name: 'other', initialize: false }), NOW);
    const gitlab = await store_.create(
      makeRepo({ forge: 'gitlab', owner: 'group/sub', initialize: false }),
      NOW,
    );
    expect(second.id).toBeGreaterThan(first.id);
    expect(store_.get('github', 'Octo', 'HELLO')).toBe(first);
    expect(store_.byId('gitlab', gitlab.id)).toBe(gitlab);
    expect(store_.list('github')).toEqual([first, second]);
    expect(store_.list('gitlab')).toEqual([gitlab]);
  });

  it('clear deletes repositories from disk and forgets them; close removes the root', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo(), NOW);
    const root = await store_.root();
    await store_.clear();
    expect(store_.list('github')).toEqual([]);
    await expect(stat(repo.gitDir)).rejects.toThrow();
    const again = await store_.create(makeRepo(), NOW);
    expect(again.id).toBe(repo.id);
    await store_.close();
    await expect(stat(root)).rejects.toThrow();
  });
});

describe('SandboxRepos: trees and commits', () => {
  it('keeps unlisted paths on a base tree, deletes, nests and drops emptied directories', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo(), NOW);
    const head = (await store_.resolveBranch(repo, 'main'))!;
    const first = await store_.commitChanges(repo, {
      branch: 'main',
      parent: head,
      changes: [
        { path: 'src/deep/a.ts', content: Buffer.from('export const a = 1;\n') },
        { path: 'src/b.ts', content: Buffer.from('b\n') },
        { path: 'bin/run', mode: '100755', content: Buffer.from('#!/bin/sh\necho hi\n') },
        { path: 'link', mode: '120000', content: Buffer.from('src/b.ts') },
      ],
      message: 'add files',
      author,
      pusherLogin: 'octo',
    });
    expect(first.update).toBe('ok');
    const second = await store_.commitChanges(repo, {
      branch: 'main',
      parent: first.sha,
      changes: [
        { path: 'src/deep/a.ts', delete: true },
        { path: 'missing.txt', delete: true },
      ],
      message: 'delete a',
      author,
      pusherLogin: 'octo',
    });
    const tree = await store_.listTree(repo, second.sha, { recursive: true });
    expect(tree.map((entry) => `${entry.mode} ${entry.type} ${entry.path}`)).toEqual([
      '100644 blob README.md',
      '040000 tree bin',
      '100755 blob bin/run',
      '120000 blob link',
      '040000 tree src',
      '100644 blob src/b.ts',
    ]);
    expect(tree.find((entry) => entry.path === 'src/b.ts')?.size).toBe(2);
    expect(await store_.changedPaths(repo, first.sha, second.sha)).toEqual(['src/deep/a.ts']);
    expect(await store_.changedPaths(repo, null, first.sha)).toEqual([
      'README.md',
      'bin/run',
      'link',
      'src/b.ts',
      'src/deep/a.ts',
    ]);
    const top = await store_.listTree(repo, second.sha, { recursive: false });
    expect(top.map((entry) => entry.path)).toEqual(['README.md', 'bin', 'link', 'src']);
    const { stdout } = await runGit(repo.gitDir, scratch, ['fsck', '--strict', '--no-dangling']);
    expect(stdout.toString()).toBe('');
  });

  it('without a base tree only the listed paths exist; blobs may be referenced by sha', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo(), NOW);
    const binary = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0, 128]);
    const blob = await store_.writeBlob(repo, binary);
    expect(await store_.hasBlob(repo, blob)).toBe(true);
    const tree = await store_.writeTree(repo, null, [
      { path: 'data/bytes.bin', blobSha: blob },
      { path: 'notes.txt', content: Buffer.from('only me\n') },
    ]);
    const head = (await store_.resolveBranch(repo, 'main'))!;
    const commit = await store_.writeCommit(repo, {
      tree,
      parents: [head],
      message: 'replace all\n',
      author,
    });
    expect(await store_.updateBranch(repo, 'main', commit, { pusherLogin: 'octo' })).toBe('ok');
    const files = await cloneFiles(repo);
    expect([...files.keys()].sort()).toEqual(['data/bytes.bin', 'notes.txt']);
    expect(files.get('data/bytes.bin')).toEqual(binary);
    expect(await store_.readFile(repo, commit, 'data/bytes.bin')).toEqual(binary);
    expect(await store_.readFile(repo, commit, 'README.md')).toBeNull();
    expect(await store_.readFile(repo, commit, 'data')).toBeNull();
    const info = await store_.readCommit(repo, commit);
    expect(info).toMatchObject({
      tree,
      parents: [head],
      message: 'replace all\n',
      author,
      committer: author,
    });
  });

  it('matches what git itself would hash for the same tree', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo({ initialize: false }), NOW);
    const tree = await store_.writeTree(repo, null, [
      { path: 'a-b', content: Buffer.from('1') },
      { path: 'a/x', content: Buffer.from('2') },
      { path: 'a.c', content: Buffer.from('3') },
      { path: 'ä/ü', content: Buffer.from('4') },
    ]);
    // `git mktree` re-sorts and re-hashes: the same sha means our serialisation is canonical.
    const { stdout } = await runGit(repo.gitDir, scratch, ['ls-tree', tree]);
    const again = await runGit(repo.gitDir, scratch, ['mktree'], { input: stdout });
    expect(again.stdout.toString().trim()).toBe(tree);
    expect(await store_.writeTree(repo, null, [])).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');
  });

  it.each([
    ['/abs', 'must not start'],
    ['a//b', 'empty segment'],
    ['a/', 'empty segment'],
    ['../x', '".."'],
    ['a/./b', '"."'],
    ['.git/config', '".git"'],
    ['sub/.GIT/x', '".git"'],
    ['', 'must not be empty'],
  ])('refuses the path %j in plain words', async (path, words) => {
    const store_ = store();
    const repo = await store_.create(makeRepo({ initialize: false }), NOW);
    const attempt = store_.writeTree(repo, null, [{ path, content: Buffer.from('x') }]);
    await expect(attempt).rejects.toBeInstanceOf(GitInputError);
    await expect(attempt).rejects.toThrow(words);
  });

  it('refuses unknown blobs, base trees, parents and commits', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo(), NOW);
    const unknown = 'f'.repeat(40);
    await expect(store_.writeTree(repo, null, [{ path: 'a', blobSha: unknown }])).rejects.toThrow(
      `the blob ${unknown} does not exist`,
    );
    await expect(store_.writeTree(repo, unknown, [])).rejects.toBeInstanceOf(GitInputError);
    const tree = await store_.writeTree(repo, null, []);
    await expect(
      store_.writeCommit(repo, { tree, parents: [unknown], message: 'm', author }),
    ).rejects.toThrow('parent');
    await expect(store_.updateBranch(repo, 'main', unknown, { pusherLogin: 'octo' })).rejects.toBeInstanceOf(
      GitInputError,
    );
    await expect(store_.listTree(repo, unknown, { recursive: false })).rejects.toBeInstanceOf(GitInputError);
    expect(await store_.readCommit(repo, unknown)).toBeNull();
    expect(await store_.readCommit(repo, 'HEAD')).toBeNull();
    expect(await store_.hasBlob(repo, tree)).toBe(false);
  });
});

describe('SandboxRepos: branch updates', () => {
  it('reports moved and not-fast-forward updates and emits push events only for real moves', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo(), NOW);
    const events: PushEvent[] = [];
    store_.onPush.add((event) => events.push(event));
    const base = (await store_.resolveBranch(repo, 'main'))!;
    const commit = async (parent: string, text: string) => {
      const tree = await store_.writeTree(repo, (await store_.readCommit(repo, parent))!.tree, [
        { path: 'f.txt', content: Buffer.from(text) },
      ]);
      return store_.writeCommit(repo, { tree, parents: [parent], message: text, author });
    };
    const one = await commit(base, 'one');
    const sibling = await commit(base, 'sibling');
    expect(await store_.updateBranch(repo, 'main', one, { expectedOld: base, pusherLogin: 'octo' })).toBe(
      'ok',
    );
    expect(await store_.updateBranch(repo, 'main', sibling, { expectedOld: base, pusherLogin: 'octo' })).toBe(
      'moved',
    );
    expect(await store_.updateBranch(repo, 'main', sibling, { pusherLogin: 'octo' })).toBe(
      'not_fast_forward',
    );
    expect(await store_.updateBranch(repo, 'main', one, { expectedOld: null, pusherLogin: 'octo' })).toBe(
      'moved',
    );
    expect(
      await store_.updateBranch(repo, 'feature', sibling, { expectedOld: null, pusherLogin: 'hubot' }),
    ).toBe('ok');
    expect(await store_.updateBranch(repo, 'main', sibling, { force: true, pusherLogin: 'octo' })).toBe('ok');
    expect(await store_.isAncestor(repo, base, one)).toBe(true);
    expect(await store_.isAncestor(repo, one, sibling)).toBe(false);
    expect(
      events.map(({ ref, before, after, pusherLogin, via }) => ({ ref, before, after, pusherLogin, via })),
    ).toEqual([
      { ref: 'refs/heads/main', before: base, after: one, pusherLogin: 'octo', via: 'api' },
      { ref: 'refs/heads/feature', before: null, after: sibling, pusherLogin: 'hubot', via: 'api' },
      { ref: 'refs/heads/main', before: one, after: sibling, pusherLogin: 'octo', via: 'api' },
    ]);
    expect((await store_.branches(repo)).map((branch) => branch.name)).toEqual(['feature', 'main']);
  });

  it('deletes branches with a push event, and reports a missing or moved one', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo(), NOW);
    const head = (await store_.resolveBranch(repo, 'main'))!;
    await store_.updateBranch(repo, 'topic', head, { expectedOld: null, pusherLogin: 'octo' });
    const events: PushEvent[] = [];
    store_.onPush.add((event) => events.push(event));
    expect(
      await store_.deleteBranch(repo, 'topic', { expectedOld: 'a'.repeat(40), pusherLogin: 'octo' }),
    ).toBe('moved');
    expect(await store_.deleteBranch(repo, 'topic', { pusherLogin: 'octo' })).toBe('ok');
    expect(await store_.deleteBranch(repo, 'topic', { pusherLogin: 'octo' })).toBe('moved');
    expect(await store_.resolveBranch(repo, 'topic')).toBeNull();
    expect(events).toMatchObject([{ ref: 'refs/heads/topic', before: head, after: null, via: 'api' }]);
  });

  it('serialises concurrent commits on one branch: exactly one wins against the same parent', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo(), NOW);
    const base = (await store_.resolveBranch(repo, 'main'))!;
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) =>
        store_.commitChanges(repo, {
          branch: 'main',
          parent: base,
          changes: [{ path: `${name}.txt`, content: Buffer.from(name) }],
          message: name,
          author,
          pusherLogin: 'octo',
        }),
      ),
    );
    expect(results.filter((result) => result.update === 'ok')).toHaveLength(1);
    expect(results.filter((result) => result.update === 'not_fast_forward')).toHaveLength(3);
  });

  it('refuses invalid branch names', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo(), NOW);
    const head = (await store_.resolveBranch(repo, 'main'))!;
    for (const name of ['a..b', 'x.lock', '-x', 'a b', 'a~1', '@', 'a/', '.hidden']) {
      await expect(store_.updateBranch(repo, name, head, { pusherLogin: 'octo' })).rejects.toBeInstanceOf(
        GitInputError,
      );
      expect(await store_.resolveBranch(repo, name)).toBeNull();
    }
    await expect(
      store_.create(makeRepo({ name: 'x', defaultBranch: 'bad..name' }), NOW),
    ).rejects.toBeInstanceOf(GitInputError);
  });
});

describe('SandboxRepos: speed', () => {
  it('commits 1,000 files of ~5 KB through commitChanges (time printed)', async () => {
    const store_ = store();
    const repo = await store_.create(makeRepo(), NOW);
    const head = (await store_.resolveBranch(repo, 'main'))!;
    const changes = Array.from({ length: 1_000 }, (_, index) => ({
      path: `pkg${index % 10}/dir${index % 7}/file-${index}.txt`,
      content: Buffer.from(`${index} `.repeat(1_000).slice(0, 5_000)),
    }));
    await store_.writeBlob(repo, Buffer.from('warm-up'));
    const started = performance.now();
    const { sha, update } = await store_.commitChanges(repo, {
      branch: 'main',
      parent: head,
      changes,
      message: 'a thousand files',
      author,
      pusherLogin: 'octo',
    });
    const elapsed = performance.now() - started;
    console.log(`commitChanges with 1,000 files of 5 KB: ${elapsed.toFixed(0)} ms`);
    expect(update).toBe('ok');
    const files = await store_.listTree(repo, sha, { recursive: true });
    expect(files.filter((entry) => entry.type === 'blob')).toHaveLength(1_001);
    const { stdout } = await runGit(repo.gitDir, scratch, ['fsck', '--strict', '--no-dangling']);
    expect(stdout.toString()).toBe('');
    const cloned = await cloneFiles(repo);
    expect(cloned.size).toBe(1_001);
    expect(cloned.get('pkg3/dir0/file-763.txt')?.toString()).toBe(changes[763]!.content.toString());
  });
});
