import { describe, expect, it } from 'vitest';
import { compile, explain, gitlabSchema, type Json, propertiesOf } from '../testing/spec-schemas.js';
import { useGitLabSandbox } from './spec-fixture.js';

const ctx = useGitLabSandbox();

type Body = Record<string, unknown>;
const asBody = (value: unknown): Body => (value && typeof value === 'object' ? { ...value } : {});
const asJson = (value: Json | undefined): { [key: string]: Json } =>
  value && typeof value === 'object' && !Array.isArray(value) ? value : {};

/**
 * Spec schemas with what GitLab really sends where the converted OpenAPI file is stricter than the
 * forge: null for absent avatars, readme and a top-level namespace's parent (GitLab's own docs show
 * these as null).
 */
function projectValidator(name: string) {
  const schema = gitlabSchema(name);
  const nullable = (container: string, fields: string[]) => {
    const properties = propertiesOf(schema, ['components', 'schemas'], container);
    for (const field of fields) {
      const current = properties[field];
      if (current && typeof current === 'object' && !Array.isArray(current)) {
        properties[field] = { ...current, nullable: true } satisfies Json;
      }
    }
  };
  nullable(name, ['avatar_url', 'readme_url', 'import_status', 'description_html']);
  nullable('API_Entities_NamespaceBasic', ['parent_id', 'avatar_url']);
  if (name === 'API_Entities_ProjectWithAccess') {
    nullable('API_Entities_UserBasic', ['avatar_url']);
    // Access levels are integers (10…50) in GitLab's docs; the converted spec says string.
    const access = propertiesOf(schema, ['components', 'schemas'], 'API_Entities_ProjectAccess');
    access.access_level = { type: 'integer' };
    access.notification_level = { type: 'integer' };
    // `group_access` is null for a project outside a group the user belongs to.
    const permissions = propertiesOf(schema, ['components', 'schemas'], name).permissions;
    if (permissions && typeof permissions === 'object' && !Array.isArray(permissions)) {
      permissions.properties = {
        ...asJson(permissions.properties),
        group_access: { type: 'object', nullable: true },
      };
    }
  }
  return compile(schema);
}

describe('GitLab POST /projects', () => {
  it('creates an empty private project in the user’s namespace (201, the spec’s shape)', async () => {
    const token = await ctx.token();
    const answer = await ctx.api(token, 'POST', '/projects', { name: 'demo', description: 'A demo' });
    expect(answer.status).toBe(201);
    const body = asBody(answer.body);
    expect(body).toMatchObject({
      name: 'demo',
      path: 'demo',
      path_with_namespace: 'tanuki/demo',
      visibility: 'private',
      default_branch: 'main',
      empty_repo: true,
      description: 'A demo',
      http_url_to_repo: `${ctx.urls.gitlab.web}/tanuki/demo.git`,
      namespace: { kind: 'user', full_path: 'tanuki' },
    });
    const validate = projectValidator('API_Entities_ProjectWithAccess');
    expect(validate(body), explain(validate)).toBe(true);
    const repo = ctx.state.repos.get('gitlab', 'tanuki', 'demo');
    expect(repo?.private).toBe(true);
    expect(await ctx.state.repos.isEmpty(repo!)).toBe(true);
  });

  it('initialises with a README on the given default branch', async () => {
    const token = await ctx.token();
    const answer = await ctx.api(token, 'POST', '/projects', {
      path: 'readme',
      initialize_with_readme: true,
      default_branch: 'trunk',
      visibility: 'public',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ default_branch: 'trunk', empty_repo: false, visibility: 'public' });
    const repo = ctx.state.repos.get('gitlab', 'tanuki', 'readme')!;
    const head = await ctx.state.repos.resolveBranch(repo, 'trunk');
    expect(head).not.toBeNull();
    expect((await ctx.state.repos.readFile(repo, head!, 'README.md'))?.toString()).toContain('# readme');
  });

  it('answers a taken name with GitLab’s validation body', async () => {
    const token = await ctx.token();
    expect((await ctx.api(token, 'POST', '/projects', { name: 'twice' })).status).toBe(201);
    const again = await ctx.api(token, 'POST', '/projects', { name: 'Twice', path: 'TWICE' });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({
      message: { name: ['has already been taken'], path: ['has already been taken'] },
    });
  });

  it('validates names and paths, and wants one of them', async () => {
    const token = await ctx.token();
    const bad = await ctx.api(token, 'POST', '/projects', { name: '-nope', path: 'a b' });
    expect(bad.status).toBe(400);
    expect(Object.keys(asBody(asBody(bad.body).message)).sort()).toEqual(['name', 'path']);
    const none = await ctx.api(token, 'POST', '/projects', { description: 'x' });
    expect(none.status).toBe(400);
    expect(none.body).toEqual({ error: 'name, path are missing, at least one parameter must be provided' });
  });

  it('needs the api scope: read_api is refused with insufficient_scope naming api', async () => {
    const token = await ctx.token('tanuki', ['read_api']);
    const answer = await ctx.api(token, 'POST', '/projects', { name: 'x' });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      error: 'insufficient_scope',
      error_description: 'The request requires higher privileges than provided by the access token.',
      scope: 'api',
    });
  });

  it('creates in a group through namespace_id, for members only', async () => {
    const owner = await ctx.token('tanuki');
    const group = await ctx.api(owner, 'POST', '/groups', { name: 'Acme', path: 'acme' });
    expect(group.status).toBe(201);
    const groupId = asBody(group.body).id;
    const created = await ctx.api(owner, 'POST', '/projects', { name: 'tool', namespace_id: groupId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      path_with_namespace: 'acme/tool',
      namespace: { kind: 'group', id: groupId },
    });
    const stranger = await ctx.token('mallory');
    const refused = await ctx.api(stranger, 'POST', '/projects', { name: 'tool2', namespace_id: groupId });
    expect(refused.status).toBe(404);
    const byPath = await ctx.api(owner, 'GET', '/namespaces/acme');
    expect(byPath.body).toMatchObject({ id: groupId, kind: 'group', full_path: 'acme' });
    const search = await ctx.api(owner, 'GET', '/namespaces?search=acm');
    expect(search.body).toMatchObject([{ id: groupId }]);
    const validate = compile(gitlabSchema('API_Entities_Namespace'));
    expect((search.body as unknown[]).length).toBe(1);
    expect(validate(asBody((search.body as unknown[])[0])) || explain(validate)).toBeTruthy();
  });
});

describe('GitLab GET /projects and /projects/:id', () => {
  it('hides private projects from non-members (404) and lists only what one may see', async () => {
    const owner = await ctx.token('tanuki');
    await ctx.api(owner, 'POST', '/projects', { name: 'secret' });
    await ctx.api(owner, 'POST', '/projects', { name: 'open', visibility: 'public' });
    const other = await ctx.token('mallory', ['read_api']);
    const hidden = await ctx.api(other, 'GET', `/projects/${encodeURIComponent('tanuki/secret')}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ message: '404 Project Not Found' });
    const visible = await ctx.api(other, 'GET', `/projects/${encodeURIComponent('tanuki/open')}`);
    expect(visible.status).toBe(200);
    const all = await ctx.api(other, 'GET', '/projects?simple=true');
    expect((all.body as Body[]).map((p) => p.path)).toEqual(['open']);
    const mine = await ctx.api(other, 'GET', '/projects?membership=true&simple=true');
    expect(mine.body).toEqual([]);
  });

  it('finds a project by numeric id and by URL-encoded path', async () => {
    const token = await ctx.token();
    const created = asBody((await ctx.api(token, 'POST', '/projects', { name: 'byid' })).body);
    const byId = await ctx.api(token, 'GET', `/projects/${String(created.id)}`);
    expect(byId.body).toMatchObject({ id: created.id, path_with_namespace: 'tanuki/byid' });
    const byPath = await ctx.api(token, 'GET', '/projects/tanuki%2Fbyid');
    expect(byPath.body).toMatchObject({ id: created.id });
  });

  it('refuses a token without read_api or api with the scopes it would take', async () => {
    const token = await ctx.token('tanuki', ['read_repository']);
    const answer = await ctx.api(token, 'GET', '/projects');
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: 'insufficient_scope', scope: 'api read_api' });
  });

  it('paginates: per_page default 20, max 100, Link next and x-* headers, across every page', async () => {
    const token = await ctx.token();
    for (let i = 0; i < 25; i++) {
      await ctx.state.repos.create(
        {
          forge: 'gitlab',
          owner: 'tanuki',
          ownerKind: 'user',
          name: `p${String(i).padStart(2, '0')}`,
          creatorLogin: 'tanuki',
          private: true,
          description: '',
          defaultBranch: 'main',
          initialize: false,
        },
        ctx.state.clock.nowMs() + i,
      );
    }
    const first = await ctx.api(token, 'GET', '/projects?membership=true&simple=true');
    expect((first.body as unknown[]).length).toBe(20);
    expect(first.headers.get('x-total')).toBe('25');
    expect(first.headers.get('x-total-pages')).toBe('2');
    expect(first.headers.get('x-per-page')).toBe('20');
    expect(first.headers.get('x-next-page')).toBe('2');
    // Newest first (order_by=created_at, sort=desc), as GitLab lists projects by default.
    expect(asBody((first.body as unknown[])[0]).path).toBe('p24');
    const validate = projectValidator('API_Entities_BasicProjectDetails');
    expect(validate((first.body as unknown[])[0]), explain(validate)).toBe(true);

    const seen: string[] = [];
    let url: string | null = `${ctx.urls.gitlab.api}/projects?membership=true&simple=true&per_page=10`;
    while (url) {
      const page = await ctx.api(token, 'GET', url.slice(ctx.urls.gitlab.api.length));
      seen.push(...(page.body as Body[]).map((p) => String(p.path)));
      url = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1] ?? null;
      expect(url ?? '').not.toContain('private_token');
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);

    const clamped = await ctx.api(token, 'GET', '/projects?simple=true&per_page=500');
    expect(clamped.headers.get('x-per-page')).toBe('100');
    const invalid = await ctx.api(token, 'GET', '/projects?page=abc');
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ error: 'page is invalid' });

    const keyset: string[] = [];
    let next: string | null =
      `${ctx.urls.gitlab.api}/projects?pagination=keyset&order_by=id&sort=asc&per_page=10&simple=true`;
    let pages = 0;
    while (next) {
      const page = await ctx.api(token, 'GET', next.slice(ctx.urls.gitlab.api.length));
      expect(page.headers.has('x-total')).toBe(false);
      keyset.push(...(page.body as Body[]).map((p) => String(p.path)));
      next = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1] ?? null;
      pages++;
    }
    expect(pages).toBe(3);
    expect(keyset).toEqual([...keyset].sort());
    expect(keyset).toHaveLength(25);
  });
});
