import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git } from '../../sandbox/git/git-client-fixture.js';
import { useForgeSandbox } from '../sandbox-fixture.js';
import { ok, READ, repoSpecHelpers, WRITE } from './repo-spec-helpers.js';

const sandbox = useForgeSandbox();
const { clientWith, makeRepo, branchesOf, cloneWith } = repoSpecHelpers(sandbox);

describe('Bitbucket RepoClient: commitFiles as one POST /src', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const BINARY = new Uint8Array([0, 159, 146, 150, 255, 13, 10]);

  it('commits text, binary, an executable and a delete to an existing branch', async () => {
    await makeRepo('app');
    const ctx = await clientWith(WRITE);
    const before = (await branchesOf('octo', 'app')).find((branch) => branch.name === 'main')?.sha;
    const result = ok(
      await ctx.repos.commitFiles({
        repo: { owner: 'octo', name: 'app' },
        branch: 'main',
        expectedHead: before,
        message: 'Mixed',
        author: { name: 'Robo', email: 'robo@example.com' },
        changes: [
          { action: 'put', path: 'src/a.ts', content: bytes('export const a = "ü";\n') },
          { action: 'put', path: 'assets/logo.bin', content: BINARY },
          { action: 'put', path: 'run.sh', content: bytes('#!/bin/sh\necho ok\n'), executable: true },
          { action: 'delete', path: 'README.md' },
        ],
      }),
    );
    // One request: `parents` = expectedHead; Bitbucket does not say whether the branch was new.
    expect(result).toMatchObject({ branch: 'main', branchCreated: null });
    expect(result.webUrl).toBe(`${sandbox.urls().bitbucket.web}/octo/app/commits/${result.sha}`);
    expect(ctx.events.map((event) => `${event.method} ${event.path}`)).toEqual([
      'POST /repositories/octo/app/src',
    ]);
    const dir = await cloneWith(ctx, 'octo', 'app', 'main');
    expect(await readFile(join(dir, 'src/a.ts'), 'utf8')).toBe('export const a = "ü";\n');
    expect(new Uint8Array(await readFile(join(dir, 'assets/logo.bin')))).toEqual(BINARY);
    expect((await stat(join(dir, 'run.sh'))).mode & 0o111).not.toBe(0);
    await expect(stat(join(dir, 'README.md'))).rejects.toThrow();
    const log = await git(['log', '-1', '--format=%H %an <%ae> %s'], { cwd: dir });
    expect(log.stdout.trim()).toBe(`${result.sha} Robo <robo@example.com> Mixed`);
  });

  it('creates a new branch from a base branch, and commits to an EMPTY repository', async () => {
    await makeRepo('app');
    await makeRepo('void', { initialize: false });
    const ctx = await clientWith(WRITE);
    const dev = ok(
      await ctx.repos.commitFiles({
        repo: { owner: 'octo', name: 'app' },
        branch: 'dev',
        message: 'dev',
        changes: [{ action: 'put', path: 'dev.txt', content: bytes('dev') }],
      }),
    );
    // No baseBranch: the POST alone, from the main branch's head; Bitbucket does not say it was new.
    expect(dev.branchCreated).toBeNull();
    expect(ctx.events.map((event) => `${event.method} ${event.path}`)).toEqual([
      'POST /repositories/octo/app/src',
    ]);
    const devDir = await cloneWith(ctx, 'octo', 'app', 'dev');
    expect(await readFile(join(devDir, 'dev.txt'), 'utf8')).toBe('dev');
    expect(await readFile(join(devDir, 'README.md'), 'utf8')).not.toBe('');

    ctx.events.length = 0;
    const feature = ok(
      await ctx.repos.commitFiles({
        repo: { owner: 'octo', name: 'app' },
        branch: 'feature',
        baseBranch: 'dev',
        message: 'feature',
        changes: [{ action: 'put', path: 'f.txt', content: bytes('f') }],
      }),
    );
    // A baseBranch costs the reads: is `feature` new (404), the base's head, then the POST.
    expect(feature.branchCreated).toBe(true);
    expect(ctx.events.map((event) => `${event.method} ${event.path}`)).toEqual([
      'GET /repositories/octo/app/refs/branches/feature',
      'GET /repositories/octo/app/refs/branches/dev',
      'POST /repositories/octo/app/src',
    ]);
    const dir = await cloneWith(ctx, 'octo', 'app', 'feature');
    expect(await readFile(join(dir, 'dev.txt'), 'utf8')).toBe('dev');
    const parent = await git(['rev-parse', 'HEAD^'], { cwd: dir });
    expect(parent.stdout.trim()).toBe(dev.sha);

    // The same baseBranch once `feature` exists: it is not new, and the commit goes on its head.
    ctx.events.length = 0;
    const again = ok(
      await ctx.repos.commitFiles({
        repo: { owner: 'octo', name: 'app' },
        branch: 'feature',
        baseBranch: 'dev',
        message: 'again',
        changes: [{ action: 'put', path: 'g.txt', content: bytes('g') }],
      }),
    );
    expect(again.branchCreated).toBe(false);
    expect(ctx.events.map((event) => `${event.method} ${event.path}`)).toEqual([
      'GET /repositories/octo/app/refs/branches/feature',
      'POST /repositories/octo/app/src',
    ]);
    const againDir = await cloneWith(ctx, 'octo', 'app', 'feature');
    expect((await git(['rev-parse', 'HEAD', 'HEAD^'], { cwd: againDir })).stdout.trim().split('\n')).toEqual([
      again.sha,
      feature.sha,
    ]);
    expect(await readFile(join(againDir, 'f.txt'), 'utf8')).toBe('f');

    const first = ok(
      await ctx.repos.commitFiles({
        repo: { owner: 'octo', name: 'void' },
        branch: 'main',
        message: 'first',
        changes: [{ action: 'put', path: 'a.txt', content: bytes('a') }],
      }),
    );
    expect(first.branchCreated).toBeNull();
    expect(ok(await ctx.repos.getRepo({ owner: 'octo', name: 'void' })).defaultBranch).toBe('main');
  });

  it('sends 1,000 files in exactly one request: the POST', async () => {
    await makeRepo('big');
    // A 5 MB body on a shared, busy machine: more than the fixture's 2 s per attempt.
    const ctx = await clientWith(WRITE, { timeoutMs: 60_000 });
    const changes = Array.from({ length: 1_000 }, (_, i) => ({
      action: 'put' as const,
      path: `files/${String(i).padStart(4, '0')}.txt`,
      content: bytes(`${'x'.repeat(5_000)}${i}\n`),
    }));
    const result = ok(
      await ctx.repos.commitFiles({
        repo: { owner: 'octo', name: 'big' },
        branch: 'main',
        message: 'many',
        changes,
      }),
    );
    expect(ctx.events.map((event) => `${event.method} ${event.path}`)).toEqual([
      'POST /repositories/octo/big/src',
    ]);
    const dir = await cloneWith(ctx, 'octo', 'big', 'main');
    expect(await readFile(join(dir, 'files/0000.txt'), 'utf8')).toBe(`${'x'.repeat(5_000)}0\n`);
    expect(await readFile(join(dir, 'files/0999.txt'), 'utf8')).toBe(`${'x'.repeat(5_000)}999\n`);
    expect((await git(['ls-files', 'files'], { cwd: dir })).stdout.trim().split('\n')).toHaveLength(1_000);
    expect((await git(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim()).toBe(result.sha);
    expect(result.branchCreated).toBeNull();
  }, 60_000);

  it('a moved branch is branch_moved in one refused POST, and nothing is written', async () => {
    await makeRepo('app');
    const ctx = await clientWith(WRITE);
    const before = await branchesOf('octo', 'app');
    expect(before.find((branch) => branch.name === 'main')?.sha).not.toBe('a'.repeat(40));
    const moved = await ctx.repos.commitFiles({
      repo: { owner: 'octo', name: 'app' },
      branch: 'main',
      expectedHead: 'a'.repeat(40),
      message: 'stale',
      changes: [{ action: 'put', path: 'x.txt', content: bytes('x') }],
    });
    expect(moved).toMatchObject({ ok: false, error: { code: 'branch_moved' } });
    // The POST carried `parents` = the stale head; Bitbucket refused it with 409 (swagger `branch`).
    expect(ctx.events.map((event) => `${event.method} ${event.path} ${String(event.status)}`)).toEqual([
      'POST /repositories/octo/app/src 409',
    ]);
    expect(await branchesOf('octo', 'app')).toEqual(before);
  });

  it('a protected branch is branch_protected; a read-only token is insufficient_scope', async () => {
    const repo = await makeRepo('app');
    await sandbox.control('POST', `/repos/bitbucket/${String(repo.id)}/protect`, { branch: 'main' });
    const change = { repo: { owner: 'octo', name: 'app' }, branch: 'main', message: 'm', changes: [] };
    expect(await (await clientWith(WRITE)).repos.commitFiles(change)).toMatchObject({
      ok: false,
      error: { code: 'branch_protected' },
    });
    expect(await (await clientWith(READ)).repos.commitFiles(change)).toMatchObject({
      ok: false,
      error: { code: 'insufficient_scope', details: { missingScopes: ['write:repository:bitbucket'] } },
    });
  });
});
