import { describe, expect, it } from 'vitest';
import { bitbucketApiToken, githubClassic, gitlabPersonal } from '../../sandbox/testing/factories.js';
import { useSandbox } from '../../sandbox/testing/sandbox-fixture.js';
import { must } from '../../services/accounts/testing/accounts-fixture.js';
import { type ApiCaller, call, codeOf, signIn } from '../testing/api-client.js';
import { useApp } from '../testing/app-fixture.js';

type Issue = Parameters<ReturnType<typeof useSandbox>['sandbox']['control']['createToken']>[0];

/** Label, check with capabilities, rotate and remove-with-revoke, through the routes and the sandbox forges. */
describe('token lifecycle routes', () => {
  const sandbox = useSandbox();
  const fixture = useApp({ deps: { logger: false } });
  const secrets: string[] = [];
  let me: ApiCaller | undefined;

  async function caller(): Promise<ApiCaller> {
    if (me !== undefined) return me;
    const { app, accounts } = fixture;
    const code = must(await accounts.issueSetupCode()).code.reveal();
    must(await accounts.completeSetup({ code, username: 'root', password: 'root password long' }));
    me = await signIn(app, 'root', 'root password long');
    return me;
  }

  async function issue(spec: Issue): Promise<string> {
    const issued = await sandbox.sandbox.control.createToken(spec);
    secrets.push(issued.token);
    return issued.token;
  }

  async function add(spec: Issue, label: string, extra: Record<string, unknown> = {}): Promise<string> {
    const token = await issue(spec);
    const apiUrl = sandbox.sandbox.urls[spec.forge].api;
    const response = await call(fixture.app, 'POST', '/api/v1/tokens', {
      as: await caller(),
      body: { forge: spec.forge, token, apiUrl, label, ...extra },
      secrets,
    });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { token: { id: string } }).token.id;
  }

  it('refuses a label another token has with conflict', async () => {
    const as = await caller();
    await add(githubClassic(), 'taken');
    const id = await add(githubClassic(), 'free');
    const clash = await call(fixture.app, 'PATCH', `/api/v1/tokens/${id}`, {
      as,
      body: { label: 'taken' },
      secrets,
    });
    expect(clash.statusCode).toBe(409);
    expect(codeOf(clash)).toBe('conflict');
    const cleared = await call(fixture.app, 'PATCH', `/api/v1/tokens/${id}`, { as, body: { label: null } });
    expect(cleared.json()).toMatchObject({ label: null });
  });

  it('checks for the capabilities asked for: the missing scopes show as on save', async () => {
    const as = await caller();
    const id = await add(githubClassic({ scopes: ['repo'] }), 'no workflow');
    const plain = await call(fixture.app, 'POST', `/api/v1/tokens/${id}/check`, { as, secrets });
    expect(plain.json()).toMatchObject({ report: { scopesToAdd: [] } });
    const asked = await call(fixture.app, 'POST', `/api/v1/tokens/${id}/check`, {
      as,
      body: { require: ['read', 'workflows'] },
      secrets,
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const body = asked.json() as {
      report: { scopesToAdd: string[]; missing: string[]; tokenPageUrl: string };
    };
    expect(body.report.scopesToAdd).toEqual(['workflow']);
    expect(body.report.missing).toEqual(['workflows']);
    expect(body.report.tokenPageUrl).toContain('/settings/tokens/new');
  });

  it('rotates a GitLab token through its API and a GitHub token with one supplied', async () => {
    const as = await caller();
    const gitlab = await add(gitlabPersonal({ scopes: ['api'] }), 'rotating');
    const before = (await call(fixture.app, 'GET', `/api/v1/tokens/${gitlab}`, { as })).json() as {
      mask: string;
    };
    const rotated = await call(fixture.app, 'POST', `/api/v1/tokens/${gitlab}/rotate`, {
      as,
      body: {},
      secrets,
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const answer = rotated.json() as { method: string; token: { id: string; mask: string } };
    expect(answer.method).toBe('forge');
    expect(answer.token.id).toBe(gitlab);
    expect(answer.token.mask).not.toBe(before.mask);

    const github = await add(githubClassic(), 'replaced');
    const replacement = await issue(githubClassic());
    const supplied = await call(fixture.app, 'POST', `/api/v1/tokens/${github}/rotate`, {
      as,
      body: { token: replacement, revokeOld: true },
      secrets,
    });
    expect(supplied.statusCode, supplied.body).toBe(200);
    expect(supplied.json()).toMatchObject({ method: 'supplied', oldToken: { type: 'revoked' } });
  });

  it('removes with revocation: GitLab and GitHub at the forge, Bitbucket with instructions', async () => {
    const as = await caller();
    const remove = async (id: string) => {
      const response = await call(fixture.app, 'DELETE', `/api/v1/tokens/${id}?revoke=true`, { as, secrets });
      expect(response.statusCode, response.body).toBe(200);
      return (
        response.json() as { revocation: { type: string; manual?: { url: string; instructions: string } } }
      ).revocation;
    };
    expect((await remove(await add(gitlabPersonal(), 'gl'))).type).toBe('revoked');
    expect((await remove(await add(githubClassic(), 'gh'))).type).toBe('revoked');
    const bitbucket = await remove(
      await add(bitbucketApiToken(), 'bb', { email: bitbucketApiToken().email }),
    );
    expect(bitbucket.type).toBe('manual');
    expect(bitbucket.manual?.url).toMatch(/^https?:\/\//);
    expect(bitbucket.manual?.instructions.length).toBeGreaterThan(10);
    // Without revoke the token is only forgotten.
    const kept = await add(githubClassic(), 'forgotten');
    const plain = await call(fixture.app, 'DELETE', `/api/v1/tokens/${kept}`, { as, secrets });
    expect(plain.json()).toMatchObject({ revocation: { type: 'not_requested' } });
  });
});
