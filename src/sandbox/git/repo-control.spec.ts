import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { call, useSandbox } from '../testing/sandbox-fixture.js';
import { startReceiver } from '../testing/webhook-receiver.js';

/** The repository part of the control API over HTTP (docs/sandbox.md, "Repositories and git hosting"). */
const ctx = useSandbox();
const control = (path: string) => `${ctx.sandbox.urls.control}${path}`;
const post = (path: string, body: unknown) =>
  call(control(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('control API: repositories', () => {
  it('creates repositories, lists them per forge with branches, protects branches and adds collaborators', async () => {
    const created = await post('/repos', { forge: 'github', creator: 'octo', name: 'hello', private: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      forge: 'github',
      owner: 'octo',
      name: 'hello',
      fullName: 'octo/hello',
      ownerKind: 'user',
      private: true,
      defaultBranch: 'main',
      cloneUrl: `${ctx.sandbox.urls.github.web}/octo/hello.git`,
      collaborators: ['octo'],
      protectedBranches: [],
      branches: [{ name: 'main', sha: expect.stringMatching(/^[0-9a-f]{40}$/) }],
    });
    const empty = await post('/repos', {
      forge: 'gitlab',
      creator: 'tanuki',
      owner: 'group/sub',
      name: 'project',
      initialize: false,
      defaultBranch: 'trunk',
    });
    expect(empty.body).toMatchObject({ ownerKind: 'org', branches: [], defaultBranch: 'trunk' });

    const all = await call(control('/repos'));
    expect((all.body as { fullName: string }[]).map((repo) => repo.fullName)).toEqual([
      'octo/hello',
      'group/sub/project',
    ]);
    const gitlab = await call(control('/repos?forge=gitlab'));
    expect(gitlab.body).toHaveLength(1);

    const { id } = created.body as { id: number };
    const protectedAnswer = await post(`/repos/github/${id}/protect`, { branch: 'main' });
    expect(protectedAnswer.body).toMatchObject({ protectedBranches: ['main'] });
    const collaborator = await post(`/repos/github/${id}/collaborators`, { login: 'hubot' });
    expect(collaborator.body).toMatchObject({ collaborators: ['hubot', 'octo'] });
    const accounts = await call(control('/accounts'));
    expect((accounts.body as { login: string }[]).map((account) => account.login)).toContain('hubot');
  });

  it('answers 409 for a taken name (any case), 404 for an unknown repository and 400 for bad input', async () => {
    await post('/repos', { forge: 'github', creator: 'octo', name: 'hello' });
    const taken = await post('/repos', { forge: 'github', creator: 'Octo', owner: 'OCTO', name: 'HELLO' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({
      error: 'conflict',
      message: expect.stringContaining('already exists'),
    });
    expect((await post('/repos/github/12345/protect', { branch: 'main' })).status).toBe(404);
    expect((await post('/repos/nope/1/collaborators', { login: 'x' })).status).toBe(404);
    for (const body of [
      { forge: 'github', creator: 'octo', name: 'x.git' },
      { forge: 'github', creator: 'octo', name: 'a/b' },
      { forge: 'github', name: 'x' },
      { forge: 'github', creator: 'octo', name: 'x', defaultBranch: 'bad..branch' },
      { forge: 'github', creator: 'octo', name: 'x', privat: true },
    ]) {
      const answer = await post('/repos', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('reset deletes the repositories from disk', async () => {
    await post('/repos', { forge: 'bitbucket', creator: 'bucky', owner: 'team', name: 'svc' });
    const repo = ctx.sandbox.repos.get('bitbucket', 'team', 'svc')!;
    await stat(repo.gitDir);
    expect((await post('/reset', {})).status).toBe(204);
    expect((await call(control('/repos'))).body).toEqual([]);
    await expect(stat(repo.gitDir)).rejects.toThrow();
  });
});

describe('control API: webhook deliveries', () => {
  it('records deliveries with the receiver’s status, or null when it cannot be reached', async () => {
    // 202: the status recorded is the receiver's own, not an assumed 200.
    const receiver = await startReceiver(202);
    const { received } = receiver;
    try {
      const delivery = {
        hookId: 1,
        forge: 'github' as const,
        repo: 'octo/hello',
        event: 'push',
        url: receiver.url,
        headers: { 'x-github-event': 'push' },
        body: { ref: 'refs/heads/main' },
      };
      await ctx.sandbox.repos.deliver(delivery);
      await ctx.sandbox.repos.deliver({
        ...delivery,
        forge: 'gitlab',
        url: 'http://127.0.0.1:1/unreachable',
      });
      expect(received).toHaveLength(1);
      expect(received[0]?.headers['x-github-event']).toBe('push');
      expect(received[0]?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(received[0]?.body ?? '')).toEqual({ ref: 'refs/heads/main' });
      const listed = await call(control('/deliveries'));
      expect(listed.body).toMatchObject([
        { hookId: 1, forge: 'github', event: 'push', status: 202, at: expect.any(String) },
        { forge: 'gitlab', status: null },
      ]);
      expect((await call(control('/deliveries?forge=gitlab'))).body).toHaveLength(1);
      expect((await call(control('/deliveries?limit=1'))).body).toMatchObject([{ forge: 'gitlab' }]);
    } finally {
      await receiver.close();
    }
  });
});
