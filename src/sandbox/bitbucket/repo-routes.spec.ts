import { describe, expect, it } from 'vitest';
import { call } from '../testing/sandbox-fixture.js';
import { bitbucketSchema, compile, explain } from '../testing/spec-schemas.js';
import { useBitbucketSandbox } from './testing.js';

const ctx = useBitbucketSandbox();
const api = () => ctx.urls.bitbucket.api;
const json = (authorization: string, body: unknown) => ({
  method: 'POST',
  headers: { authorization, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const READ = ['read:repository:bitbucket'];

describe('Bitbucket repositories API (forges.md §3.8)', () => {
  it('creates a repository with admin:repository:bitbucket, shaped like the swagger repository', async () => {
    const auth = await ctx.apiToken(['admin:repository:bitbucket', ...READ]);
    const created = await call(
      `${api()}/repositories/bucky/Tools`,
      json(auth, { scm: 'git', is_private: false, description: 'd', project: undefined }),
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      full_name: 'bucky/tools',
      is_private: false,
      scm: 'git',
      description: 'd',
    });
    expect(created.body).not.toHaveProperty('mainbranch'); // empty: no main branch yet
    const validate = compile(bitbucketSchema('repository'));
    expect(validate(created.body), explain(validate)).toBe(true);
    const read = await call(`${api()}/repositories/bucky/tools`, { headers: { authorization: auth } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ uuid: (created.body as { uuid: string }).uuid });
  });

  it('refuses a taken slug with Bitbucket 400 text', async () => {
    await ctx.repo('bucky', 'taken');
    const auth = await ctx.apiToken(['admin:repository:bitbucket']);
    const answer = await call(`${api()}/repositories/bucky/taken`, json(auth, { scm: 'git' }));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      type: 'error',
      error: { message: 'Repository with this Slug and Owner already exists.' },
    });
  });

  it('does not let API-token scopes imply each other (§3.5)', async () => {
    await ctx.repo('bucky', 'app');
    const writeOnly = await ctx.apiToken(['write:repository:bitbucket', 'admin:repository:bitbucket']);
    const answer = await call(`${api()}/repositories/bucky/app`, { headers: { authorization: writeOnly } });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: {
          granted: ['write:repository:bitbucket', 'admin:repository:bitbucket'],
          required: ['read:repository:bitbucket'],
        },
      },
    });
    const noAdmin = await ctx.apiToken(READ);
    const create = await call(`${api()}/repositories/bucky/new`, json(noAdmin, {}));
    expect(create.status).toBe(403);
    expect(create.body).toMatchObject({ error: { detail: { required: ['admin:repository:bitbucket'] } } });
  });

  it('lets classic scopes imply (repository:admin reads) for access tokens on their workspace', async () => {
    await ctx.repo('repo-bot', 'svc');
    const auth = await ctx.accessToken(['repository:admin']);
    const answer = await call(`${api()}/repositories/repo-bot/svc`, { headers: { authorization: auth } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-credential-type')).toBe('repo_access_token');
  });

  it('hides private repositories from non-collaborators (404) but shows public ones', async () => {
    await ctx.repo('alice', 'secret', { private: true });
    await ctx.repo('alice', 'open', { private: false });
    const auth = await ctx.apiToken(READ);
    const hidden = await call(`${api()}/repositories/alice/secret`, { headers: { authorization: auth } });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toMatchObject({
      type: 'error',
      error: { message: expect.stringContaining('may not have access') },
    });
    expect(
      (await call(`${api()}/repositories/alice/open`, { headers: { authorization: auth } })).status,
    ).toBe(200);
    const listed = await call(`${api()}/repositories/alice`, { headers: { authorization: auth } });
    expect((listed.body as { values: { slug: string }[] }).values.map((repo) => repo.slug)).toEqual(['open']);
  });

  it('pages with pagelen (default 10, max 100) and next links until absent', async () => {
    for (let i = 0; i < 25; i++)
      await ctx.repo('bucky', `r${String(i).padStart(2, '0')}`, { initialize: false });
    const auth = await ctx.apiToken(READ);
    const validate = compile(bitbucketSchema('paginated_repositories'));
    const first = await call(`${api()}/repositories/bucky?role=member`, { headers: { authorization: auth } });
    expect(first.body).toMatchObject({ pagelen: 10, page: 1, size: 25 });
    expect(validate(first.body), explain(validate)).toBe(true);
    const names: string[] = [];
    let next: string | undefined = `${api()}/repositories/bucky?role=member&pagelen=12`;
    let pages = 0;
    while (next) {
      const page = await call(next, { headers: { authorization: auth } });
      const body = page.body as { values: { slug: string }[]; next?: string };
      names.push(...body.values.map((repo) => repo.slug));
      next = body.next;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
    const tooBig = await call(`${api()}/repositories/bucky?pagelen=101`, {
      headers: { authorization: auth },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body).toMatchObject({ type: 'error' });
  });

  it('counts /2.0/repositories/* against the per-user hourly budget (§3.7)', async () => {
    await ctx.repo('bucky', 'app');
    await call(`${ctx.urls.control}/config`, json('', { bitbucket: { repositoriesRateLimitPerHour: 2 } }));
    const auth = await ctx.apiToken(READ);
    const get = () => call(`${api()}/repositories/bucky/app`, { headers: { authorization: auth } });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      type: 'error',
      error: { message: 'Rate limit for this resource has been exceeded' },
    });
  });
});

describe('Bitbucket branches', () => {
  it('lists branches with target.hash and creates one', async () => {
    const repo = await ctx.repo('bucky', 'app');
    const head = await ctx.state.repos.resolveBranch(repo, 'main');
    const auth = await ctx.apiToken(['read:repository:bitbucket', 'write:repository:bitbucket']);
    const made = await call(
      `${api()}/repositories/bucky/app/refs/branches`,
      json(auth, { name: 'feature/x', target: { hash: head } }),
    );
    expect(made.status).toBe(201);
    const listed = await call(`${api()}/repositories/bucky/app/refs/branches`, {
      headers: { authorization: auth },
    });
    const validate = compile(bitbucketSchema('paginated_branches'));
    expect(validate(listed.body), explain(validate)).toBe(true);
    expect((listed.body as { values: unknown[] }).values).toEqual([
      expect.objectContaining({ name: 'feature/x', target: expect.objectContaining({ hash: head }) }),
      expect.objectContaining({ name: 'main', target: expect.objectContaining({ hash: head }) }),
    ]);
    const one = await call(`${api()}/repositories/bucky/app/refs/branches/feature/x`, {
      headers: { authorization: auth },
    });
    expect(one.body).toMatchObject({ name: 'feature/x' });
    const again = await call(
      `${api()}/repositories/bucky/app/refs/branches`,
      json(auth, { name: 'feature/x', target: { hash: head } }),
    );
    expect(again.status).toBe(400);
  });
});

describe('Bitbucket workspaces', () => {
  it('lists the personal workspace as owner and others where the user collaborates as member', async () => {
    const team = await ctx.repo('acme', 'shared');
    team.collaborators.add('bucky');
    const auth = await ctx.apiToken(['read:workspace:bitbucket']);
    const answer = await call(`${api()}/user/permissions/workspaces`, { headers: { authorization: auth } });
    expect(answer.status).toBe(200);
    const values = (answer.body as { values: { permission: string; workspace: { slug: string } }[] }).values;
    expect(values.map((value) => [value.workspace.slug, value.permission])).toEqual([
      ['bucky', 'owner'],
      ['acme', 'member'],
    ]);
    const validate = compile(bitbucketSchema('paginated_workspace_memberships'));
    expect(validate(answer.body), explain(validate)).toBe(true);
  });
});
