import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bitbucketAccessToken, bitbucketApiToken, bitbucketAppPassword } from '../testing/factories.js';
import { useSandbox } from '../testing/sandbox-fixture.js';
import { type GitAuth, git, scratchDir } from './git-client-fixture.js';

/** Bitbucket Cloud git over HTTPS against real git (forges.md §3.1, §3.3, §3.5). */
const context = useSandbox();

const READ_WRITE = ['read:repository:bitbucket', 'write:repository:bitbucket'];

async function clone(url: string, auth?: GitAuth) {
  const dir = await scratchDir();
  const result = await git(['clone', url, 'work'], { cwd: dir, auth });
  return { work: join(dir, 'work'), result };
}

async function commitAndPush(work: string, auth: GitAuth, name: string) {
  await writeFile(join(work, name), `${name}\n`);
  await git(['add', '-A'], { cwd: work });
  await git(['commit', '-q', '-m', name], { cwd: work });
  return git(['push', 'origin', 'main'], { cwd: work, auth });
}

async function setup(scopes: string[] = READ_WRITE) {
  const repo = await context.sandbox.control.createRepo({
    forge: 'bitbucket',
    creator: 'bucky',
    owner: 'team',
    name: 'service',
    private: true,
  });
  const token = await context.sandbox.control.createToken(bitbucketApiToken({ scopes }));
  return { repo, url: repo.cloneUrl!, token: token.token };
}

describe('git hosting: Bitbucket', () => {
  it('takes an API token with the Bitbucket username or x-bitbucket-api-token-auth, not the email', async () => {
    const { url, token } = await setup();
    const byName = await clone(url, { username: 'bucky', password: token });
    expect(byName.result.code, byName.result.stderr).toBe(0);
    const pushed = await commitAndPush(byName.work, { username: 'bucky', password: token }, 'a');
    expect(pushed.code, pushed.stderr).toBe(0);
    const fixed = await clone(url, { username: 'x-bitbucket-api-token-auth', password: token });
    expect(fixed.result.code, fixed.result.stderr).toBe(0);
    const byEmail = await clone(url, { username: 'bucky@example.com', password: token });
    expect(byEmail.result.stderr).toContain('remote: Invalid credentials');
    const accessStyle = await clone(url, { username: 'x-token-auth', password: token });
    expect(accessStyle.result.stderr).toContain('remote: Invalid credentials');
  });

  it('needs read AND write API-token scopes to push (they do not imply each other)', async () => {
    const { url } = await setup();
    const writeOnly = await context.sandbox.control.createToken(
      bitbucketApiToken({ scopes: ['write:repository:bitbucket'] }),
    );
    const noRead = await clone(url, { username: 'bucky', password: writeOnly.token });
    expect(noRead.result.stderr).toContain(
      'remote: Your credentials lack one or more required privilege scopes.',
    );
    const readOnly = await context.sandbox.control.createToken(
      bitbucketApiToken({ scopes: ['read:repository:bitbucket'] }),
    );
    const auth = { username: 'bucky', password: readOnly.token };
    const { work, result } = await clone(url, auth);
    expect(result.code, result.stderr).toBe(0);
    const refused = await commitAndPush(work, auth, 'b');
    expect(refused.stderr).toContain('remote: Your credentials lack one or more required privilege scopes.');
  });

  it('takes access tokens as x-token-auth, pushing only as a collaborator', async () => {
    const { repo, url } = await setup();
    const access = await context.sandbox.control.createToken(
      bitbucketAccessToken({ scopes: ['repository:write'] }),
    );
    const auth = { username: 'x-token-auth', password: access.token };
    const hidden = await clone(url, auth);
    expect(hidden.result.stderr).toContain('remote: You may not have access to this repository');
    await context.sandbox.control.addCollaborator('bitbucket', repo.id, { login: 'repo-bot' });
    const { work, result } = await clone(url, auth);
    expect(result.code, result.stderr).toBe(0);
    const pushed = await commitAndPush(work, auth, 'c');
    expect(pushed.code, pushed.stderr).toBe(0);
  });

  it('refuses app passwords after their removal date', async () => {
    const { url } = await setup();
    const appPassword = await context.sandbox.control.createToken(bitbucketAppPassword());
    await context.sandbox.control.setClock('2026-08-01T00:00:00Z');
    const refused = await clone(url, { username: 'bucky', password: appPassword.token });
    expect(refused.result.stderr).toContain('remote: Invalid credentials');
    await context.sandbox.control.setClock('2026-05-01T00:00:00Z');
    const before = await clone(url, { username: 'bucky', password: appPassword.token });
    expect(before.result.code, before.result.stderr).toBe(0);
  });

  it('lets anyone clone a public repository but asks for credentials to push', async () => {
    const repo = await context.sandbox.control.createRepo({
      forge: 'bitbucket',
      creator: 'bucky',
      name: 'open',
    });
    const { work, result } = await clone(repo.cloneUrl!);
    expect(result.code, result.stderr).toBe(0);
    await writeFile(join(work, 'x'), 'x');
    await git(['add', '-A'], { cwd: work });
    await git(['commit', '-q', '-m', 'x'], { cwd: work });
    const push = await git(['push', 'origin', 'main'], { cwd: work });
    expect(push.stderr).toMatch(/could not read Username/);
  });
});
