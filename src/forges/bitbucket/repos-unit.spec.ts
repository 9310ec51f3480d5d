import { describe, expect, it } from 'vitest';
import { Secret } from '../../domain/secret.js';
import { instant, type ScriptedReply, scriptedSend } from '../http/testing/scripted-send.js';
import { createBitbucketAdapter } from './adapter.js';

/* The RepoClient's requests as sent, against a scripted transport (no sandbox). */

const API = 'https://api.bitbucket.org/2.0';
const TOKEN = new Secret('ATATT3xUnitTestTokenForReposUnitSpec=0000ABCD');
const HEAD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);
const branch = (name: string, hash: string) => ({ type: 'branch', name, target: { type: 'commit', hash } });

function clientWith(replies: ScriptedReply[]) {
  const scripted = scriptedSend(replies);
  const adapter = createBitbucketAdapter({ apiUrl: API, ...instant, send: scripted.send });
  return {
    repos: adapter.repos({ token: TOKEN, kind: 'api_token', email: 'jane@example.com' }),
    calls: scripted.calls,
  };
}

describe('Bitbucket RepoClient requests', () => {
  it('commits with exactly one multipart POST carrying parents = expectedHead, deletes and x-attributes', async () => {
    const { repos, calls } = clientWith([
      { status: 201, headers: { location: `${API}/repositories/ws/app/commit/${NEW}` } },
    ]);
    const result = await repos.commitFiles({
      repo: { owner: 'ws', name: 'app' },
      branch: 'main',
      expectedHead: HEAD,
      message: 'm',
      changes: [
        {
          action: 'put',
          path: 'bin/run.sh',
          content: new TextEncoder().encode('#!/bin/sh\n'),
          executable: true,
        },
        { action: 'delete', path: 'old.txt' },
      ],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        sha: NEW,
        branch: 'main',
        // Bitbucket's 201 does not say whether the branch was new.
        branchCreated: null,
        webUrl: `https://bitbucket.org/ws/app/commits/${NEW}`,
      },
    });
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      `POST ${API}/repositories/ws/app/src`,
    ]);
    const post = calls[0];
    expect(post?.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(post?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`jane@example.com:${TOKEN.reveal()}`).toString('base64')}`,
    );
    expect(post?.body).toContain(`name="branch"\r\n\r\nmain\r\n`);
    expect(post?.body).toContain(`name="parents"\r\n\r\n${HEAD}\r\n`);
    expect(post?.body).toContain('name="files"\r\n\r\nold.txt\r\n');
    expect(post?.body).toContain('name="/bin/run.sh"; filename="run.sh"; x-attributes="executable"');
  });

  it('without expectedHead or baseBranch sends only the branch: Bitbucket builds on its head', async () => {
    const { repos, calls } = clientWith([
      { status: 201, headers: { location: `${API}/repositories/ws/app/commit/${NEW}` } },
    ]);
    const result = await repos.commitFiles({
      repo: { owner: 'ws', name: 'app' },
      branch: 'feature',
      message: 'm',
      changes: [{ action: 'put', path: 'a.txt', content: new TextEncoder().encode('a') }],
    });
    expect(result).toMatchObject({ ok: true, value: { sha: NEW, branch: 'feature', branchCreated: null } });
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      `POST ${API}/repositories/ws/app/src`,
    ]);
    expect(calls[0]?.body).toContain(`name="branch"\r\n\r\nfeature\r\n`);
    expect(calls[0]?.body).not.toContain('name="parents"');
  });

  it('a moved branch is the 409 of the one POST: branch_moved, nothing retried', async () => {
    const { repos, calls } = clientWith([
      { status: 409, body: { type: 'error', error: { message: 'The parent commit is not the head.' } } },
    ]);
    const result = await repos.commitFiles({
      repo: { owner: 'ws', name: 'app' },
      branch: 'main',
      expectedHead: HEAD,
      message: 'm',
      changes: [],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'branch_moved' } });
    expect(calls.map((call) => call.method)).toEqual(['POST']);
  });

  it('a baseBranch costs the reads: is the branch new, the base head as parents', async () => {
    const created = clientWith([
      { status: 404, body: { type: 'error', error: { message: 'Branch not found' } } },
      { body: branch('dev', HEAD) },
      { status: 201, headers: { location: `${API}/repositories/ws/app/commit/${NEW}` } },
    ]);
    const input = {
      repo: { owner: 'ws', name: 'app' },
      branch: 'feature',
      baseBranch: 'dev',
      message: 'm',
      changes: [],
    };
    expect(await created.repos.commitFiles(input)).toMatchObject({
      ok: true,
      value: { sha: NEW, branchCreated: true },
    });
    expect(created.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      `GET ${API}/repositories/ws/app/refs/branches/feature`,
      `GET ${API}/repositories/ws/app/refs/branches/dev`,
      `POST ${API}/repositories/ws/app/src`,
    ]);
    expect(created.calls[2]?.body).toContain(`name="parents"\r\n\r\n${HEAD}\r\n`);

    const existing = clientWith([
      { body: branch('feature', HEAD) },
      { status: 201, headers: { location: `${API}/repositories/ws/app/commit/${NEW}` } },
    ]);
    expect(await existing.repos.commitFiles(input)).toMatchObject({
      ok: true,
      value: { sha: NEW, branchCreated: false },
    });
    expect(existing.calls.map((call) => call.method)).toEqual(['GET', 'POST']);
    expect(existing.calls[1]?.body).not.toContain('name="parents"');

    const missing = clientWith([
      { status: 404, body: { type: 'error', error: { message: 'Branch not found' } } },
      { status: 404, body: { type: 'error', error: { message: 'Branch not found' } } },
    ]);
    expect(await missing.repos.commitFiles(input)).toMatchObject({
      ok: false,
      error: { code: 'not_found', details: { baseBranch: 'dev' } },
    });
    expect(missing.calls.map((call) => call.method)).toEqual(['GET', 'GET']);
  });

  it('reads the branch for the sha when Location does not name the commit, and never retries the POST', async () => {
    const fallback = clientWith([{ status: 201 }, { body: branch('new', NEW) }]);
    const made = await fallback.repos.commitFiles({
      repo: { owner: 'ws', name: 'app' },
      branch: 'new',
      message: 'm',
      changes: [],
    });
    expect(made).toMatchObject({ ok: true, value: { sha: NEW, branchCreated: null } });
    expect(fallback.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      `POST ${API}/repositories/ws/app/src`,
      `GET ${API}/repositories/ws/app/refs/branches/new`,
    ]);

    const failing = clientWith([{ status: 502, body: 'bad gateway' }]);
    const failed = await failing.repos.commitFiles({
      repo: { owner: 'ws', name: 'app' },
      branch: 'main',
      message: 'm',
      changes: [],
    });
    expect(failed).toMatchObject({ ok: false, error: { code: 'forge_unreachable' } });
    expect(failing.calls).toHaveLength(1);
  });

  it('follows the next link exactly as Bitbucket gave it', async () => {
    const odd = `${API}/repositories/ws/app/refs/branches?pagelen=2&page=2&ctx=opaque`;
    const repo = {
      body: {
        type: 'repository',
        uuid: '{u}',
        full_name: 'ws/app',
        name: 'app',
        is_private: true,
        mainbranch: { name: 'b' },
        links: {},
      },
    };
    const { repos, calls } = clientWith([
      repo,
      { body: { pagelen: 2, values: [branch('a', HEAD), branch('b', NEW)], next: odd } },
      repo, // every listBranches reads the repository for its main branch
      { body: { pagelen: 2, values: [branch('c', HEAD)] } },
    ]);
    const page = await repos.listBranches({ owner: 'ws', name: 'app' }, { cap: 2 });
    expect(page).toMatchObject({
      ok: true,
      value: { items: [{ name: 'a' }, { name: 'b', isDefault: true }] },
    });
    const cursor = page.ok ? page.value.nextCursor : null;
    expect(Buffer.from(String(cursor), 'base64url').toString()).toBe(odd);
    const rest = await repos.listBranches({ owner: 'ws', name: 'app' }, { cursor: String(cursor) });
    expect(rest).toMatchObject({ ok: true, value: { items: [{ name: 'c' }], nextCursor: null } });
    expect(calls.at(-1)?.url).toBe(odd);
  });

  it('does not follow a next link that leaves the API (credentials would go with it)', async () => {
    const { repos, calls } = clientWith([
      { body: { values: [{ permission: 'owner', workspace: { slug: 'ws' } }] } },
      { body: { pagelen: 1, values: [], next: 'https://evil.example/2.0/repositories/ws?page=2' } },
    ]);
    expect(await repos.listRepos()).toMatchObject({ ok: false, error: { code: 'forge_unreachable' } });
    expect(calls).toHaveLength(2);
  });

  it('never lets the token out in an error, even when the forge echoes it', async () => {
    const echo = { type: 'error', error: { message: `Invalid slug ${TOKEN.reveal()}` } };
    const { repos } = clientWith([{ status: 400, body: echo }]);
    const result = await repos.createRepo({ owner: 'ws', name: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'repo_creation_failed' } });
    expect(JSON.stringify(result)).not.toContain(TOKEN.reveal());
  });
});
