import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../testing/sandbox-fixture.js';
import { bitbucketSchema, compile, explain } from '../testing/spec-schemas.js';
import { startReceiver } from '../testing/webhook-receiver.js';
import { useBitbucketSandbox } from './testing.js';

const ctx = useBitbucketSandbox();
const json = (authorization: string, body: unknown) => ({
  method: 'POST',
  headers: { authorization, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const PR_SCOPES = ['read:pullrequest:bitbucket', 'write:pullrequest:bitbucket'];
const HOOK_SCOPES = ['read:webhook:bitbucket', 'write:webhook:bitbucket'];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A repository with `feature` one commit ahead of `main`. */
async function repoWithFeature() {
  const repo = await ctx.repo('bucky', 'app');
  const main = String(await ctx.state.repos.resolveBranch(repo, 'main'));
  await ctx.state.repos.commitChanges(repo, {
    branch: 'feature',
    parent: main,
    changes: [{ path: 'f.txt', content: Buffer.from('f') }],
    message: 'f',
    author: { name: 'B', email: 'b@example.com', dateMs: 0 },
    expectedOld: null,
    pusherLogin: 'bucky',
  });
  return repo;
}

describe('Bitbucket POST /pullrequests', () => {
  it('opens a pull request (201, Location, swagger shape) and refuses a duplicate with 400', async () => {
    await repoWithFeature();
    const auth = await ctx.apiToken(PR_SCOPES);
    const url = `${ctx.urls.bitbucket.api}/repositories/bucky/app/pullrequests`;
    const body = {
      title: 'Feature',
      source: { branch: { name: 'feature' } },
      destination: { branch: { name: 'main' } },
    };
    const opened = await call(url, json(auth, body));
    expect(opened.status).toBe(201);
    expect(opened.headers.get('location')).toBe(`${url}/1`);
    expect(opened.body).toMatchObject({ id: 1, state: 'OPEN', source: { branch: { name: 'feature' } } });
    const validate = compile(bitbucketSchema('pullrequest'));
    expect(validate(opened.body), explain(validate)).toBe(true);
    const duplicate = await call(url, json(auth, body));
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toMatchObject({
      type: 'error',
      error: { message: expect.stringMatching(/already an open pull request/) },
    });
  });

  it('refuses a source without changes and needs both pull-request scopes', async () => {
    const repo = await ctx.repo('bucky', 'app');
    const main = String(await ctx.state.repos.resolveBranch(repo, 'main'));
    await ctx.state.repos.updateBranch(repo, 'same', main, { expectedOld: null, pusherLogin: 'bucky' });
    const url = `${ctx.urls.bitbucket.api}/repositories/bucky/app/pullrequests`;
    const body = { title: 'Nothing', source: { branch: { name: 'same' } } };
    const none = await call(url, json(await ctx.apiToken(PR_SCOPES), body));
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ error: { message: 'There are no changes to be pulled' } });
    const writeOnly = await call(url, json(await ctx.apiToken(['write:pullrequest:bitbucket']), body));
    expect(writeOnly.status).toBe(403);
    expect(writeOnly.body).toMatchObject({ error: { detail: { required: PR_SCOPES } } });
  });
});

describe('Bitbucket webhooks', () => {
  it('creates a hook and delivers repo:push signed with X-Hub-Signature, and pullrequest:created', async () => {
    const repo = await repoWithFeature();
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const auth = await ctx.apiToken([...HOOK_SCOPES, ...PR_SCOPES]);
    const created = await call(
      `${ctx.urls.bitbucket.api}/repositories/bucky/app/hooks`,
      json(auth, {
        url: receiver.url,
        description: 'ci',
        active: true,
        events: ['repo:push', 'pullrequest:created'],
        secret: 's3cret',
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: receiver.url,
      active: true,
      secret_set: true,
      events: ['repo:push', 'pullrequest:created'],
    });
    expect(created.body).not.toHaveProperty('secret');
    const validate = compile(bitbucketSchema('webhook_subscription'));
    expect(validate(created.body), explain(validate)).toBe(true);

    const main = String(await ctx.state.repos.resolveBranch(repo, 'main'));
    await ctx.state.repos.commitChanges(repo, {
      branch: 'main',
      parent: main,
      changes: [{ path: 'x.txt', content: Buffer.from('x') }],
      message: 'x',
      author: { name: 'B', email: 'b@example.com', dateMs: 0 },
      expectedOld: main,
      pusherLogin: 'bucky',
    });
    const push = await receiver.next();
    expect(push.headers['x-event-key']).toBe('repo:push');
    const expected = `sha256=${createHmac('sha256', 's3cret').update(push.body).digest('hex')}`;
    expect(push.headers['x-hub-signature']).toBe(expected);
    const payload = JSON.parse(push.body);
    expect(payload.push.changes[0]).toMatchObject({
      old: { name: 'main', target: { hash: main } },
      new: { name: 'main' },
    });
    expect(payload.repository.full_name).toBe('bucky/app');

    await call(
      `${ctx.urls.bitbucket.api}/repositories/bucky/app/pullrequests`,
      json(auth, { title: 'F', source: { branch: { name: 'feature' } } }),
    );
    const pull = await receiver.next();
    expect(pull.headers['x-event-key']).toBe('pullrequest:created');
    expect(JSON.parse(pull.body).pullrequest).toMatchObject({ id: 1, title: 'F' });
  });

  it('sends no signature without a secret and needs the classic scopes of the events', async () => {
    await ctx.repo('repo-bot', 'svc');
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const url = `${ctx.urls.bitbucket.api}/repositories/repo-bot/svc/hooks`;
    const hook = { url: receiver.url, events: ['repo:push'] };
    const webhookOnly = await call(url, json(await ctx.accessToken(['webhook']), hook));
    expect(webhookOnly.status).toBe(403);
    expect(webhookOnly.body).toMatchObject({ error: { detail: { required: ['webhook', 'repository'] } } });
    const made = await call(url, json(await ctx.accessToken(['webhook', 'repository:write']), hook));
    expect(made.status).toBe(201);
    const repo = ctx.state.repos.get('bitbucket', 'repo-bot', 'svc');
    if (!repo) throw new Error('no repo');
    const main = String(await ctx.state.repos.resolveBranch(repo, 'main'));
    await ctx.state.repos.updateBranch(repo, 'copy', main, { expectedOld: null, pusherLogin: 'repo-bot' });
    const push = await receiver.next();
    expect(push.headers['x-hub-signature']).toBeUndefined();
    expect(JSON.parse(push.body).push.changes[0]).toMatchObject({ created: true, old: null });
  });
});
