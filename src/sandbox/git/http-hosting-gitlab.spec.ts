import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitlabPersonal } from '../testing/factories.js';
import { call, useSandbox } from '../testing/sandbox-fixture.js';
import { type GitAuth, git, scratchDir, worktreeFiles } from './git-client-fixture.js';

/** GitLab git over HTTPS against real git (forges.md §2.4, §2.5, §2.9). */
const context = useSandbox();

async function clone(url: string, auth?: GitAuth) {
  const dir = await scratchDir();
  const result = await git(['clone', url, 'work'], { cwd: dir, auth });
  return { work: join(dir, 'work'), result };
}

async function commitFile(work: string, path: string, content: string) {
  await writeFile(join(work, path), content);
  await git(['add', '-A'], { cwd: work });
  return git(['commit', '-q', '-m', `change ${path}`], { cwd: work });
}

async function setup(scopes: string[] = ['write_repository']) {
  const { sandbox } = context;
  const repo = await sandbox.control.createRepo({
    forge: 'gitlab',
    creator: 'tanuki',
    owner: 'group/sub',
    name: 'project',
    private: true,
  });
  const token = await sandbox.control.createToken(gitlabPersonal({ scopes }));
  return {
    repo,
    url: repo.cloneUrl!,
    auth: { username: 'anything', password: token.token },
    tokenId: token.id,
  };
}

const ACCESS_DENIED = 'remote: HTTP Basic: Access denied. If a password was provided for Git authentication';

describe('git hosting: GitLab', () => {
  it('clones and pushes a project in a nested group with any username and a PAT', async () => {
    const { repo, url, auth, tokenId } = await setup();
    expect(url).toMatch(/\/gitlab\/group\/sub\/project\.git$/);
    const { work, result } = await clone(url, auth);
    expect(result.code, result.stderr).toBe(0);
    expect(await worktreeFiles(work)).toEqual(new Map([['README.md', '# project']]));
    await commitFile(work, 'a.txt', 'a\n');
    const pushed = await git(['push', 'origin', 'main'], { cwd: work, auth });
    expect(pushed.code, pushed.stderr).toBe(0);
    const stored = context.sandbox.repos.byId('gitlab', repo.id)!;
    const head = await context.sandbox.repos.resolveBranch(stored, 'main');
    expect(head).toBe((await git(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim());
    expect((await context.sandbox.control.getToken(tokenId)).lastUsedAt).not.toBeNull();
    // Without `.git` works too.
    const bare = await clone(url.replace(/\.git$/, ''), auth);
    expect(bare.result.code, bare.result.stderr).toBe(0);
  });

  it('refuses bad, expired and git-less tokens with the HTTP Basic text', async () => {
    const { url } = await setup();
    const apiOnly = await context.sandbox.control.createToken(gitlabPersonal({ scopes: ['read_api'] }));
    const scoped = await clone(url, { username: 'x', password: apiOnly.token });
    expect(scoped.result.stderr).toContain(ACCESS_DENIED);
    expect(scoped.result.stderr).toContain('it was either incorrect, expired, or improperly scoped');
    const token = await context.sandbox.control.createToken(gitlabPersonal({ scopes: ['api'] }));
    await context.sandbox.control.updateToken(token.id, { state: 'expired' });
    const expired = await clone(url, { username: 'x', password: token.token });
    expect(expired.result.stderr).toContain(ACCESS_DENIED);
    const empty = await clone(url, { username: '', password: token.token });
    expect(empty.result.code).not.toBe(0);
  });

  it('lets read_repository clone but not push, and hides private projects from non-members', async () => {
    const { url } = await setup();
    const reader = await context.sandbox.control.createToken(gitlabPersonal({ scopes: ['read_repository'] }));
    const auth = { username: 'tanuki', password: reader.token };
    const { work, result } = await clone(url, auth);
    expect(result.code, result.stderr).toBe(0);
    await commitFile(work, 'b.txt', 'b\n');
    const refused = await git(['push', 'origin', 'main'], { cwd: work, auth });
    expect(refused.stderr).toContain('remote: You are not allowed to push code to this project.');

    const stranger = await context.sandbox.control.createToken(gitlabPersonal({ login: 'stranger' }));
    const hidden = await clone(url, { username: 'stranger', password: stranger.token });
    expect(hidden.result.stderr).toContain(
      "remote: The project you were looking for could not be found or you don't have permission to view it.",
    );
  });

  it('refuses pushes to protected branches with GitLab’s text', async () => {
    const { repo, url, auth } = await setup(['api']);
    await context.sandbox.control.protectBranch('gitlab', repo.id, { branch: 'main' });
    const { work } = await clone(url, auth);
    await commitFile(work, 'c.txt', 'c\n');
    const refused = await git(['push', 'origin', 'main'], { cwd: work, auth });
    expect(refused.stderr).toContain(
      'remote: GitLab: You are not allowed to push code to protected branches on this project.',
    );
  });

  it('lets anyone clone a public project', async () => {
    const repo = await context.sandbox.control.createRepo({
      forge: 'gitlab',
      creator: 'tanuki',
      name: 'open',
    });
    const { result } = await clone(repo.cloneUrl!);
    expect(result.code, result.stderr).toBe(0);
  });

  it('asks for credentials before cloning an internal project, then lets any signed-in user clone it', async () => {
    const { sandbox } = context;
    const owner = await sandbox.control.createToken(gitlabPersonal({ login: 'tanuki', scopes: ['api'] }));
    const created = await call(`${sandbox.urls.gitlab.api}/projects`, {
      method: 'POST',
      headers: { 'private-token': owner.token, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'inside', visibility: 'internal', initialize_with_readme: true }),
    });
    expect(created.status).toBe(201);
    const url = (created.body as { http_url_to_repo: string }).http_url_to_repo;
    const anonymous = await clone(url);
    expect(anonymous.result.code).not.toBe(0);
    const reader = await sandbox.control.createToken(
      gitlabPersonal({ login: 'mallory', scopes: ['read_repository'] }),
    );
    const signedIn = await clone(url, { username: 'mallory', password: reader.token });
    expect(signedIn.result.code, signedIn.result.stderr).toBe(0);
  });
});
