import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { git, scratchDir } from '../git/git-client-fixture.js';
import { compile, explain, gitlabSchema, propertiesOf } from '../testing/spec-schemas.js';
import { startReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js';
import { useGitLabSandbox } from './spec-fixture.js';

const ctx = useGitLabSandbox();

type Body = Record<string, unknown>;
const asBody = (value: unknown): Body => (value && typeof value === 'object' ? { ...value } : {});

/** A local webhook receiver; `received()` is what arrived, bodies parsed. */
let receiver: WebhookReceiver;
const received = () =>
  receiver.received.map((r) => ({ headers: r.headers, body: asBody(JSON.parse(r.body)) }));
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => {
  receiver.clear();
});

async function until<T>(probe: () => T | undefined, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function projectWithTopic(token: string) {
  const created = asBody(
    (await ctx.api(token, 'POST', '/projects', { name: 'mr', initialize_with_readme: true })).body,
  );
  const id = Number(created.id);
  await ctx.api(token, 'POST', `/projects/${id}/repository/commits`, {
    branch: 'topic',
    start_branch: 'main',
    commit_message: 'topic work',
    actions: [{ action: 'create', file_path: 'topic.txt', content: 'x' }],
  });
  return id;
}

describe('GitLab POST /projects/:id/merge_requests', () => {
  it('opens a merge request (201) and answers a duplicate with 409 naming the open one', async () => {
    const token = await ctx.token();
    const id = await projectWithTopic(token);
    const body = {
      source_branch: 'topic',
      target_branch: 'main',
      title: 'Draft: Add topic',
      description: 'why',
    };
    const opened = await ctx.api(token, 'POST', `/projects/${id}/merge_requests`, body);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      iid: 1,
      project_id: id,
      state: 'opened',
      source_branch: 'topic',
      target_branch: 'main',
      draft: true,
      web_url: `${ctx.urls.gitlab.web}/tanuki/mr/-/merge_requests/1`,
    });
    const schema = gitlabSchema('API_Entities_MergeRequest');
    // The converted spec types most merge request fields as plain `string` or a single object where
    // GitLab's docs show booleans, lists and nulls; only its ids, counts and timestamps are checked.
    const properties = propertiesOf(schema, ['components', 'schemas'], 'API_Entities_MergeRequest');
    for (const [key, value] of Object.entries(properties)) {
      const kept =
        value &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        (value.type === 'integer' || value.format === 'date-time');
      if (!kept) properties[key] = {};
    }
    const validate = compile(schema);
    expect(validate(opened.body), explain(validate)).toBe(true);
    const duplicate = await ctx.api(token, 'POST', `/projects/${id}/merge_requests`, body);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({
      message: ['Another open merge request already exists for this source branch: !1'],
    });
    const missing = await ctx.api(token, 'POST', `/projects/${id}/merge_requests`, {
      ...body,
      source_branch: 'gone',
    });
    expect(missing.status).toBe(422);
    const noTitle = await ctx.api(token, 'POST', `/projects/${id}/merge_requests`, {
      source_branch: 'topic',
      target_branch: 'main',
    });
    expect(noTitle.body).toEqual({ error: 'title is missing' });
  });
});

describe('GitLab POST /projects/:id/hooks and deliveries', () => {
  it('creates a hook and delivers Push Hook and Merge Request Hook with X-Gitlab-Token', async () => {
    const token = await ctx.token();
    const created = asBody(
      (await ctx.api(token, 'POST', '/projects', { name: 'hooked', initialize_with_readme: true })).body,
    );
    const id = Number(created.id);
    const hook = await ctx.api(token, 'POST', `/projects/${id}/hooks`, {
      url: receiver.url,
      token: 'hook-secret',
      push_events: true,
      merge_requests_events: true,
    });
    expect(hook.status).toBe(201);
    expect(hook.body).toMatchObject({
      url: receiver.url,
      push_events: true,
      merge_requests_events: true,
      project_id: id,
    });
    expect(JSON.stringify(hook.body)).not.toContain('hook-secret');
    const schema = gitlabSchema('API_Entities_ProjectHook');
    // Ids are integers and `disabled_until` is null until GitLab disables a failing hook (its docs);
    // the converted spec says string and date-time.
    const properties = propertiesOf(schema, ['components', 'schemas'], 'API_Entities_ProjectHook');
    properties.id = { type: 'integer' };
    properties.project_id = { type: 'integer' };
    properties.disabled_until = { type: 'string', format: 'date-time', nullable: true };
    const validate = compile(schema);
    expect(validate(hook.body), explain(validate)).toBe(true);

    const commit = await ctx.api(token, 'POST', `/projects/${id}/repository/commits`, {
      branch: 'topic',
      start_branch: 'main',
      commit_message: 'push me',
      actions: [{ action: 'create', file_path: 'p.txt', content: 'p' }],
    });
    expect(commit.status).toBe(201);
    const push = await until(() => received().find((r) => r.headers['x-gitlab-event'] === 'Push Hook'));
    expect(push.headers['x-gitlab-token']).toBe('hook-secret');
    expect(push.body).toMatchObject({
      object_kind: 'push',
      ref: 'refs/heads/topic',
      before: '0'.repeat(40),
      after: asBody(commit.body).id,
      user_username: 'tanuki',
      project_id: id,
      total_commits_count: 2,
    });
    const pushed = (push.body.commits as Body[]).at(-1);
    expect(pushed).toMatchObject({ id: asBody(commit.body).id, added: ['p.txt'], modified: [], removed: [] });

    await ctx.api(token, 'POST', `/projects/${id}/merge_requests`, {
      source_branch: 'topic',
      target_branch: 'main',
      title: 'T',
    });
    const mr = await until(() =>
      received().find((r) => r.headers['x-gitlab-event'] === 'Merge Request Hook'),
    );
    expect(mr.headers['x-gitlab-token']).toBe('hook-secret');
    expect(mr.body).toMatchObject({
      object_kind: 'merge_request',
      object_attributes: { iid: 1, action: 'open' },
    });
    const recorded = ctx.state.repos.deliveries.filter((d) => d.forge === 'gitlab');
    expect(recorded.map((d) => [d.event, d.status])).toEqual(
      expect.arrayContaining([
        ['Push Hook', 200],
        ['Merge Request Hook', 200],
      ]),
    );
  });

  it('delivers a Push Hook for a git push through the hosting too', async () => {
    const token = await ctx.token();
    const created = asBody(
      (await ctx.api(token, 'POST', '/projects', { name: 'pushed', initialize_with_readme: true })).body,
    );
    await ctx.api(token, 'POST', `/projects/${String(created.id)}/hooks`, {
      url: receiver.url,
      token: 'git-hook',
    });
    const dir = await scratchDir('fk-gitlab-hook-');
    try {
      const auth = { username: 'oauth2', password: token };
      const cloned = await git(['clone', '--quiet', `${ctx.urls.gitlab.web}/tanuki/pushed.git`, 'work'], {
        cwd: dir,
        auth,
      });
      expect(cloned.code, cloned.stderr).toBe(0);
      const work = join(dir, 'work');
      await writeFile(join(work, 'pushed.txt'), 'by git\n');
      expect((await git(['add', '.'], { cwd: work })).code).toBe(0);
      expect((await git(['commit', '--quiet', '-m', 'by git'], { cwd: work })).code).toBe(0);
      const pushed = await git(['push', '--quiet', 'origin', 'main'], { cwd: work, auth });
      expect(pushed.code, pushed.stderr).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const push = await until(() => received().find((r) => r.headers['x-gitlab-event'] === 'Push Hook'));
    expect(push.headers['x-gitlab-token']).toBe('git-hook');
    expect(push.body).toMatchObject({
      ref: 'refs/heads/main',
      total_commits_count: 1,
      user_username: 'tanuki',
    });
    expect((push.body.commits as Body[])[0]).toMatchObject({ message: 'by git\n', added: ['pushed.txt'] });
  });

  it('needs a maintainer and an http(s) URL', async () => {
    const token = await ctx.token();
    const created = asBody(
      (await ctx.api(token, 'POST', '/projects', { name: 'public-hooks', visibility: 'public' })).body,
    );
    const stranger = await ctx.api(
      await ctx.token('mallory'),
      'POST',
      `/projects/${String(created.id)}/hooks`,
      {
        url: receiver.url,
      },
    );
    expect(stranger.status).toBe(403);
    expect(stranger.body).toEqual({ message: '403 Forbidden' });
    const ftp = await ctx.api(token, 'POST', `/projects/${String(created.id)}/hooks`, {
      url: 'ftp://example.com/x',
    });
    expect(ftp.status).toBe(422);
  });
});
