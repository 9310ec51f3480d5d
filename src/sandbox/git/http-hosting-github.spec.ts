import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubClassic, githubFineGrained } from '../testing/factories.js';
import { useSandbox } from '../testing/sandbox-fixture.js';
import { type GitAuth, git, scratchDir, worktreeFiles } from './git-client-fixture.js';
import type { PushEvent } from './repo-store.js';

/** GitHub git over HTTPS against real git (forges.md §1.4, §1.5, §1.9). */
const context = useSandbox();

async function setup(options: { private?: boolean; scopes?: string[]; login?: string } = {}) {
  const { sandbox } = context;
  const repo = await sandbox.control.createRepo({
    forge: 'github',
    creator: 'octo',
    name: 'hello',
    private: options.private ?? true,
    description: 'Hello',
  });
  const login = options.login ?? 'octo';
  const created = await sandbox.control.createToken(
    githubClassic({ login, scopes: options.scopes ?? ['repo'] }),
  );
  return {
    repo,
    url: repo.cloneUrl!,
    auth: { username: login, password: created.token },
    tokenId: created.id,
  };
}

/** Clones `url` into a new directory; returns the directory and git's answer. */
async function clone(url: string, auth?: GitAuth) {
  const dir = await scratchDir();
  const result = await git(['clone', url, 'work'], { cwd: dir, auth });
  return { work: join(dir, 'work'), result };
}

async function commitFile(work: string, path: string, content: string) {
  await mkdir(join(work, path, '..'), { recursive: true });
  await writeFile(join(work, path), content);
  await git(['add', '-A'], { cwd: work });
  return git(['commit', '-q', '-m', `change ${path}`], { cwd: work });
}

describe('git hosting: GitHub', () => {
  it('clones, pushes and fetches with a classic token; pushes become push events and API reads', async () => {
    const { sandbox } = context;
    const { url, auth, tokenId } = await setup();
    const events: PushEvent[] = [];
    const listener = (event: PushEvent) => events.push(event);
    sandbox.repos.onPush.add(listener);
    try {
      const { work, result } = await clone(url, auth);
      expect(result.code, result.stderr).toBe(0);
      expect(await worktreeFiles(work)).toEqual(new Map([['README.md', '# hello\n\nHello']]));
      const base = (await git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();

      expect((await commitFile(work, 'src/app.ts', 'export {};\n')).code).toBe(0);
      const pushed = await git(['push', 'origin', 'main', 'main:refs/heads/feature'], { cwd: work, auth });
      expect(pushed.code, pushed.stderr).toBe(0);
      const head = (await git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
      const [view] = await sandbox.control.listRepos({ forge: 'github' });
      expect(view?.branches).toEqual([
        { name: 'feature', sha: head },
        { name: 'main', sha: head },
      ]);
      const summary = events.map(({ ref, before, after, pusherLogin, via }) => ({
        ref,
        before,
        after,
        pusherLogin,
        via,
      }));
      expect(summary).toEqual([
        { ref: 'refs/heads/main', before: base, after: head, pusherLogin: 'octo', via: 'git' },
        { ref: 'refs/heads/feature', before: null, after: head, pusherLogin: 'octo', via: 'git' },
      ]);
      const repo = sandbox.repos.get('github', 'octo', 'hello')!;
      expect((await sandbox.repos.readFile(repo, head, 'src/app.ts'))?.toString()).toBe('export {};\n');
      expect((await sandbox.control.getToken(tokenId)).lastUsedAt).not.toBeNull();

      // A commit made through the store is exactly what git fetches.
      const { sha } = await sandbox.repos.commitChanges(repo, {
        branch: 'main',
        parent: head,
        changes: [
          { path: 'src/app.ts', delete: true },
          { path: 'lib/deep/util.ts', content: Buffer.from('export const x = 1;\n') },
        ],
        message: 'through the API',
        author: { name: 'API', email: 'api@example.com', dateMs: Date.parse('2027-01-01T00:00:00Z') },
        pusherLogin: 'octo',
      });
      const fetched = await git(['pull', '-q', 'origin', 'main'], { cwd: work, auth });
      expect(fetched.code, fetched.stderr).toBe(0);
      expect((await git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim()).toBe(sha);
      expect(await worktreeFiles(work)).toEqual(
        new Map([
          ['README.md', '# hello\n\nHello'],
          ['lib/deep/util.ts', 'export const x = 1;\n'],
        ]),
      );
      const log = await git(['log', '-1', '--format=%an <%ae> %aI %s'], { cwd: work });
      expect(log.stdout.trim()).toBe('API <api@example.com> 2027-01-01T00:00:00+00:00 through the API');
    } finally {
      sandbox.repos.onPush.delete(listener);
    }
  });

  it('logs git requests with masked credentials only', async () => {
    const { url, auth } = await setup();
    await clone(url, auth);
    const { requests } = await context.sandbox.control.requests({ forge: 'github' });
    expect(requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toContain(
      'GET /octo/hello.git/info/refs 200',
    );
    expect(JSON.stringify(requests)).not.toContain(auth.password);
  });

  it('lets anyone clone a public repository, and asks for credentials for a private one', async () => {
    const { sandbox } = context;
    const open = await sandbox.control.createRepo({ forge: 'github', creator: 'octo', name: 'open' });
    const closed = await sandbox.control.createRepo({
      forge: 'github',
      creator: 'octo',
      name: 'closed',
      private: true,
    });
    const anonymous = await clone(open.cloneUrl!);
    expect(anonymous.result.code, anonymous.result.stderr).toBe(0);
    expect(await worktreeFiles(anonymous.work)).toEqual(new Map([['README.md', '# open']]));

    const refused = await clone(closed.cloneUrl!);
    expect(refused.result.code).not.toBe(0);
    expect(refused.result.stderr).toMatch(/could not read Username/);

    await commitFile(anonymous.work, 'x.txt', 'x');
    const push = await git(['push', 'origin', 'main'], { cwd: anonymous.work });
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/could not read Username/);
    const missing = await clone(`${sandbox.urls.github.web}/octo/nothing-here.git`);
    expect(missing.result.stderr).toMatch(/could not read Username/);
  });

  it('refuses unknown, expired and revoked tokens with GitHub’s text', async () => {
    const { url, auth, tokenId } = await setup();
    const wrong = await clone(url, { username: 'octo', password: `${auth.password.slice(0, -1)}x` });
    expect(wrong.result.stderr).toContain(
      'remote: Invalid username or token. Password authentication is not supported for Git operations.',
    );
    expect(wrong.result.stderr).toMatch(/Authentication failed/);
    await context.sandbox.control.updateToken(tokenId, { state: 'revoked' });
    const revoked = await clone(url, auth);
    expect(revoked.result.stderr).toContain('remote: Invalid username or token.');
    expect(revoked.result.stderr).not.toContain(auth.password);
  });

  it('accepts a classic token as the username with x-oauth-basic, but not a fine-grained one', async () => {
    const { url, auth } = await setup();
    const asUser = await clone(url, { username: auth.password, password: 'x-oauth-basic' });
    expect(asUser.result.code, asUser.result.stderr).toBe(0);
    const fine = await context.sandbox.control.createToken(
      githubFineGrained({ permissions: { contents: 'read' } }),
    );
    const fineAsUser = await clone(url, { username: fine.token, password: 'x-oauth-basic' });
    expect(fineAsUser.result.stderr).toContain('remote: Invalid username or token.');
    const fineAsPassword = await clone(url, { username: 'anything', password: fine.token });
    expect(fineAsPassword.result.code, fineAsPassword.result.stderr).toBe(0);
  });

  it('hides a private repository from a token without `repo` or a login that is no collaborator', async () => {
    const { url } = await setup();
    const noScope = await context.sandbox.control.createToken(githubClassic({ scopes: ['read:user'] }));
    const hidden = await clone(url, { username: 'octo', password: noScope.token });
    expect(hidden.result.stderr).toContain('remote: Repository not found.');
    const stranger = await context.sandbox.control.createToken(
      githubClassic({ login: 'mallory', scopes: ['repo'] }),
    );
    const strange = await clone(url, { username: 'mallory', password: stranger.token });
    expect(strange.result.stderr).toContain('remote: Repository not found.');
    expect(strange.result.stderr).toMatch(/not found/);
  });

  it('refuses pushes from non-collaborators and tokens without write, with GitHub’s text', async () => {
    const { repo, url, auth } = await setup({ private: false });
    const other = await context.sandbox.control.createToken(
      githubClassic({ login: 'hubot', scopes: ['public_repo'] }),
    );
    const otherAuth = { username: 'hubot', password: other.token };
    const { work, result } = await clone(url, otherAuth);
    expect(result.code, result.stderr).toBe(0);
    await commitFile(work, 'x.txt', 'x\n');
    const denied = await git(['push', 'origin', 'main'], { cwd: work, auth: otherAuth });
    expect(denied.stderr).toContain('remote: Permission to octo/hello.git denied to hubot.');
    expect(denied.stderr).toContain('403');

    await context.sandbox.control.addCollaborator('github', repo.id, { login: 'hubot' });
    const allowed = await git(['push', 'origin', 'main'], { cwd: work, auth: otherAuth });
    expect(allowed.code, allowed.stderr).toBe(0);

    const readOnly = await context.sandbox.control.createToken(
      githubFineGrained({ permissions: { contents: 'read' } }),
    );
    await commitFile(work, 'y.txt', 'y\n');
    const fine = await git(['push', 'origin', 'main'], {
      cwd: work,
      auth: { username: 'octo', password: readOnly.token },
    });
    expect(fine.stderr).toContain('remote: Permission to octo/hello.git denied to octo.');
    expect(auth.username).toBe('octo');
  });

  it('refuses workflow files without the workflow scope or permission, with GitHub’s text', async () => {
    const { url, auth } = await setup();
    const { work } = await clone(url, auth);
    await commitFile(work, '.github/workflows/ci.yml', 'on: push\n');
    const refused = await git(['push', 'origin', 'main'], { cwd: work, auth });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'refusing to allow a Personal Access Token to create or update workflow `.github/workflows/ci.yml` without `workflow` scope',
    );
    expect(refused.stderr).toContain('pre-receive hook declined');

    const fine = await context.sandbox.control.createToken(
      githubFineGrained({ permissions: { contents: 'write' } }),
    );
    const fineRefused = await git(['push', 'origin', 'main'], {
      cwd: work,
      auth: { username: 'octo', password: fine.token },
    });
    expect(fineRefused.stderr).toContain('without `workflow` scope');

    const withScope = await context.sandbox.control.createToken(
      githubClassic({ scopes: ['repo', 'workflow'] }),
    );
    const pushed = await git(['push', 'origin', 'main'], {
      cwd: work,
      auth: { username: 'octo', password: withScope.token },
    });
    expect(pushed.code, pushed.stderr).toBe(0);
    // Unrelated changes later do not need the scope: the workflow file is not touched again.
    await commitFile(work, 'docs/readme.md', 'docs\n');
    const later = await git(['push', 'origin', 'main'], { cwd: work, auth });
    expect(later.code, later.stderr).toBe(0);
  });

  it('refuses pushes to a protected branch with GH006', async () => {
    const { repo, url, auth } = await setup();
    await context.sandbox.control.protectBranch('github', repo.id, { branch: 'main' });
    const { work } = await clone(url, auth);
    await commitFile(work, 'x.txt', 'x\n');
    const refused = await git(['push', 'origin', 'main'], { cwd: work, auth });
    expect(refused.stderr).toContain(
      'remote: error: GH006: Protected branch update failed for refs/heads/main.',
    );
    const other = await git(['push', 'origin', 'HEAD:refs/heads/topic'], { cwd: work, auth });
    expect(other.code, other.stderr).toBe(0);
    const [view] = await context.sandbox.control.listRepos({ forge: 'github' });
    expect(view?.branches.map((branch) => branch.name)).toEqual(['main', 'topic']);
  });

  it('streams big pushes (chunked, no length) and gzipped fetch requests', async () => {
    const { url, auth } = await setup();
    const { work } = await clone(url, auth);
    // 3 MB of incompressible bytes: over git's 1 MB postBuffer, so the push is sent chunked.
    await writeFile(join(work, 'big.bin'), randomBytes(3 * 1024 * 1024));
    await git(['add', '-A'], { cwd: work });
    await git(['commit', '-q', '-m', 'big'], { cwd: work });
    const pushed = await git(['push', 'origin', 'main'], { cwd: work, auth });
    expect(pushed.code, pushed.stderr).toBe(0);

    // 40 new branches on distinct commits: the "want" lines exceed 1 KB, so git gzips the request.
    const { work: other } = await clone(url, auth);
    const repo = context.sandbox.repos.get('github', 'octo', 'hello')!;
    const head = (await context.sandbox.repos.resolveBranch(repo, 'main'))!;
    for (let index = 0; index < 40; index++) {
      const made = await context.sandbox.repos.commitChanges(repo, {
        branch: `topic-${index}`,
        parent: head,
        changes: [{ path: `topic-${index}.txt`, content: Buffer.from(`${index}\n`) }],
        message: `topic ${index}`,
        author: { name: 'API', email: 'api@example.com', dateMs: Date.now() },
        expectedOld: null,
        pusherLogin: 'octo',
      });
      expect(made.update).toBe('ok');
    }
    await commitFile(work, 'remote.txt', 'from the other clone\n');
    expect((await git(['push', 'origin', 'main'], { cwd: work, auth })).code).toBe(0);
    const fetched = await git(['fetch', 'origin'], { cwd: other, auth });
    expect(fetched.code, fetched.stderr).toBe(0);
    const remotes = await git(['branch', '-r'], { cwd: other });
    expect(remotes.stdout.match(/origin\/topic-/g)).toHaveLength(40);
    const remoteHead = (await git(['rev-parse', 'origin/main'], { cwd: other })).stdout.trim();
    expect(remoteHead).toBe((await git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim());
  });
});
