import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from './git-exec.js';
import { installPreReceiveHook, PRE_RECEIVE_HOOK } from './pre-receive-hook.js';
import { SandboxRepos } from './repo-store.js';
import type { CreateRepoInput } from './types.js';

/*
 * The store writes new bare repositories from a skeleton instead of running `git init --bare` and
 * `git config` per repository (bare-skeleton.ts). The repositories must be exactly what those
 * commands made: compared file by file with a reference made the old way, then checked with git.
 */

const NOW = Date.parse('2027-03-01T12:00:00Z');
const input = (overrides: Partial<CreateRepoInput> = {}): CreateRepoInput => ({
  forge: 'github',
  owner: 'octo',
  ownerKind: 'user',
  name: 'hello',
  creatorLogin: 'octo',
  private: false,
  description: '',
  defaultBranch: 'main',
  initialize: false,
  ...overrides,
});

let scratch: string;
let repos: SandboxRepos | undefined;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'fk-bare-skeleton-spec-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
afterEach(async () => {
  await repos?.close();
  repos = undefined;
});

function store(root?: string): SandboxRepos {
  repos = new SandboxRepos({ now: () => NOW, ...(root === undefined ? {} : { root }) });
  return repos;
}

/** Every entry under a repository: path → `dir`, or mode and content of a file. */
async function snapshot(gitDir: string, skip: (path: string) => boolean = () => false) {
  const entries = new Map<string, string>();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const name = relative(gitDir, path);
      if (skip(name)) continue;
      if (entry.isDirectory()) {
        entries.set(name, 'dir');
        await walk(path);
      } else {
        const mode = ((await stat(path)).mode & 0o7777).toString(8);
        entries.set(name, `${mode} ${(await readFile(path)).toString('base64')}`);
      }
    }
  };
  await walk(gitDir);
  return entries;
}

/** A bare repository made the way the store made them before: git init, three configs, the hook. */
async function reference(branch: string): Promise<string> {
  const home = await mkdtemp(join(scratch, 'home-'));
  const gitDir = join(await mkdtemp(join(scratch, 'ref-')), 'r.git');
  await runGit(null, home, ['init', '--bare', '-q', `--initial-branch=${branch}`, gitDir]);
  for (const [key, value] of [
    ['http.receivepack', 'true'],
    ['receive.autogc', 'false'],
    ['gc.auto', '0'],
  ] as const) {
    await runGit(gitDir, home, ['config', key, value]);
  }
  await installPreReceiveHook(gitDir);
  return gitDir;
}

describe('SandboxRepos.create: bare repositories from a skeleton', () => {
  it('writes exactly what git init --bare, the config and the pre-receive hook made', async () => {
    const store_ = store();
    const repo = await store_.create(input({ defaultBranch: 'trunk' }), NOW);
    const made = await snapshot(repo.gitDir);
    expect(made).toEqual(await snapshot(await reference('trunk')));
    expect(made.get('hooks/pre-receive')).toBe(`755 ${Buffer.from(PRE_RECEIVE_HOOK).toString('base64')}`);
    expect(await readFile(join(repo.gitDir, 'HEAD'), 'utf8')).toBe('ref: refs/heads/trunk\n');
    const home = await store_.home();
    const config = await runGit(repo.gitDir, home, ['config', '--local', '--list']);
    expect(config.stdout.toString()).toContain('http.receivepack=true\nreceive.autogc=false\ngc.auto=0\n');
    expect((await runGit(repo.gitDir, home, ['fsck', '--strict'])).code).toBe(0);
    // The skeleton lives beside the forges' roots, never inside one the git hosting serves.
    expect((await readdir(await store_.root())).sort()).toEqual(['github', 'home', 'skeleton.git']);
  });

  it('an initialised repository: same files besides its objects and branch, a ref as update-ref writes it', async () => {
    const store_ = store();
    const repo = await store_.create(
      input({ defaultBranch: 'feature/x', initialize: true, description: 'D' }),
      NOW,
    );
    const home = await store_.home();
    const isContent = (path: string) =>
      (path.startsWith('objects/') && !['objects/info', 'objects/pack'].includes(path)) ||
      path.startsWith('refs/heads/');
    expect(await snapshot(repo.gitDir, isContent)).toEqual(
      await snapshot(await reference('feature/x'), isContent),
    );
    const refPath = join(repo.gitDir, 'refs/heads/feature/x');
    const written = await readFile(refPath, 'utf8');
    const sha = written.trim();
    // git rewrites the same ref to the same commit: byte-identical, and no reflog appears.
    await runGit(repo.gitDir, home, ['update-ref', 'refs/heads/feature/x', sha, sha]);
    expect(await readFile(refPath, 'utf8')).toBe(written);
    await expect(stat(join(repo.gitDir, 'logs'))).rejects.toThrow();
    expect((await runGit(repo.gitDir, home, ['fsck', '--strict', '--no-dangling'])).stdout.toString()).toBe(
      '',
    );
    expect((await runGit(repo.gitDir, home, ['symbolic-ref', 'HEAD'])).stdout.toString().trim()).toBe(
      'refs/heads/feature/x',
    );
    const clone = join(await mkdtemp(join(scratch, 'clone-')), 'w');
    await runGit(null, home, ['clone', '-q', repo.gitDir, clone]);
    expect(await readFile(join(clone, 'README.md'), 'utf8')).toBe('# hello\n\nD');
    expect((await runGit(null, home, ['-C', clone, 'rev-parse', 'HEAD'])).stdout.toString().trim()).toBe(sha);
  });

  it('replaces a leftover directory of an earlier store sharing the root', async () => {
    const root = await mkdtemp(join(scratch, 'root-'));
    const first = store(root);
    const old = await first.create(input({ initialize: true }), NOW);
    await first.clear();
    // A crash leaves it behind: simulate with a stray ref where the next store's first id lives.
    await mkdir(join(old.gitDir, 'refs', 'heads'), { recursive: true });
    await writeFile(join(old.gitDir, 'refs', 'heads', 'stale'), `${'a'.repeat(40)}\n`);
    await first.close();
    // Closing removes the skeleton too: nothing of the store's own stays in a root it does not own.
    expect((await readdir(root)).sort()).toEqual(['github', 'home']);
    const second = store(root);
    const fresh = await second.create(input(), NOW);
    expect(fresh.gitDir).toBe(old.gitDir);
    expect(await second.branches(fresh)).toEqual([]);
    expect((await runGit(fresh.gitDir, await second.home(), ['fsck', '--strict'])).code).toBe(0);
  });

  it('tells an empty repository from its ref files, and leaves packed refs to git', async () => {
    const store_ = store();
    const empty = await store_.create(input({ name: 'empty' }), NOW);
    expect(await store_.isEmpty(empty)).toBe(true);
    const full = await store_.create(input({ name: 'full', initialize: true }), NOW);
    expect(await store_.isEmpty(full)).toBe(false);
    // Packed: refs/heads is empty, the branch lives in packed-refs.
    await runGit(full.gitDir, await store_.home(), ['pack-refs', '--all']);
    expect(await readdir(join(full.gitDir, 'refs', 'heads'))).toEqual([]);
    expect(await store_.isEmpty(full)).toBe(false);
    const head = await store_.resolveBranch(full, 'main');
    expect(await store_.deleteBranch(full, 'main', { pusherLogin: 'octo' })).toBe('ok');
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(await store_.isEmpty(full)).toBe(true);
  });

  it('creates 250 repositories quickly, each a working bare repository (time printed)', async () => {
    const store_ = store();
    await store_.create(input({ name: 'warm-up' }), NOW);
    const started = performance.now();
    const made = [];
    for (let i = 0; i < 250; i++) made.push(await store_.create(input({ name: `r${i}` }), NOW));
    const empty = performance.now() - started;
    const initStarted = performance.now();
    for (let i = 0; i < 50; i++) await store_.create(input({ name: `i${i}`, initialize: true }), NOW);
    const initialised = performance.now() - initStarted;
    console.log(
      `250 empty repositories: ${empty.toFixed(0)} ms; 50 initialised: ${initialised.toFixed(0)} ms`,
    );
    const home = await store_.home();
    for (const repo of [made[0], made[124], made[249]]) {
      if (!repo) throw new Error('missing');
      expect((await runGit(repo.gitDir, home, ['fsck', '--strict'])).code).toBe(0);
      const clone = join(await mkdtemp(join(scratch, 'empty-clone-')), 'w');
      await runGit(null, home, ['clone', '-q', repo.gitDir, clone]);
      await writeFile(join(clone, 'a.txt'), 'a\n');
      const identity = ['-c', 'user.name=T', '-c', 'user.email=t@example.com'];
      await runGit(null, home, ['-C', clone, 'add', 'a.txt']);
      await runGit(null, home, ['-C', clone, ...identity, 'commit', '-q', '-m', 'a']);
      // Pushing runs the planted pre-receive hook (it allows everything outside the hosting).
      await runGit(null, home, ['-C', clone, 'push', '-q', 'origin', 'HEAD:main']);
      expect(await store_.resolveBranch(repo, 'main')).toMatch(/^[0-9a-f]{40}$/);
    }
  });
});
