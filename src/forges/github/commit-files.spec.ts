import { describe, expect, it } from 'vitest';
import { Secret } from '../../domain/secret.js';
import { instant, scriptedSend } from '../http/testing/scripted-send.js';
import { createGitHubAdapter } from './adapter.js';
import { textOf } from './commit-files.js';

const API = 'https://ghe.example.com/api/v3';
const TOKEN = new Secret('ghp_unitTestTokenUnitTestTokenUnitTest01');
const HEAD = 'a'.repeat(40);
const TREE = 'b'.repeat(40);
const NEW_TREE = 'c'.repeat(40);
const COMMIT = 'd'.repeat(40);
const BLOB = 'e'.repeat(40);

function clientWith(replies: Parameters<typeof scriptedSend>[0]) {
  const scripted = scriptedSend(replies);
  const adapter = createGitHubAdapter({ apiUrl: API, ...instant, send: scripted.send });
  return { client: adapter.repos({ token: TOKEN, kind: 'classic' }), calls: scripted.calls };
}

const body = (text: string | undefined) => JSON.parse(text ?? '{}') as Record<string, unknown>;

describe('GitHub commitFiles request flow (forges.md §1.8)', () => {
  it('sends ref → commit → blob (binary only) → one tree with inline text → commit → PATCH force:false', async () => {
    const { client, calls } = clientWith([
      { body: { ref: 'refs/heads/main', object: { sha: HEAD } } },
      { body: { sha: HEAD, tree: { sha: TREE } } },
      { status: 201, body: { sha: BLOB, url: 'x' } },
      { status: 201, body: { sha: NEW_TREE, tree: [] } },
      { status: 201, body: { sha: COMMIT, tree: { sha: NEW_TREE } } },
      { body: { ref: 'refs/heads/main', object: { sha: COMMIT } } },
    ]);
    const result = await client.commitFiles({
      repo: { owner: 'octo', name: 'hello world' },
      branch: 'main',
      message: 'm',
      author: { name: 'Ada', email: 'ada@example.com' },
      changes: [
        { action: 'put', path: 'a.txt', content: new TextEncoder().encode('é\n') },
        { action: 'put', path: 'b.bin', content: new Uint8Array([0, 1]) },
        { action: 'put', path: 'run', content: new TextEncoder().encode('x'), executable: true },
        { action: 'delete', path: 'old.txt' },
      ],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        sha: COMMIT,
        branch: 'main',
        branchCreated: false,
        webUrl: `https://ghe.example.com/octo/hello%20world/commit/${COMMIT}`,
      },
    });
    expect(calls.map((call) => `${call.method} ${call.url.slice(API.length)}`)).toEqual([
      'GET /repos/octo/hello%20world/git/ref/heads/main',
      `GET /repos/octo/hello%20world/git/commits/${HEAD}`,
      'POST /repos/octo/hello%20world/git/blobs',
      'POST /repos/octo/hello%20world/git/trees',
      'POST /repos/octo/hello%20world/git/commits',
      'PATCH /repos/octo/hello%20world/git/refs/heads/main',
    ]);
    expect(body(calls[2]?.body)).toEqual({ content: 'AAE=', encoding: 'base64' });
    expect(body(calls[3]?.body)).toEqual({
      base_tree: TREE,
      tree: [
        { path: 'a.txt', mode: '100644', type: 'blob', content: 'é\n' },
        { path: 'b.bin', mode: '100644', type: 'blob', sha: BLOB },
        { path: 'run', mode: '100755', type: 'blob', content: 'x' },
        { path: 'old.txt', mode: '100644', type: 'blob', sha: null },
      ],
    });
    expect(body(calls[4]?.body)).toEqual({
      message: 'm',
      tree: NEW_TREE,
      parents: [HEAD],
      author: { name: 'Ada', email: 'ada@example.com' },
    });
    expect(body(calls[5]?.body)).toEqual({ sha: COMMIT, force: false });
    expect(calls.every((call) => call.headers.get('authorization') === `Bearer ${TOKEN.reveal()}`)).toBe(
      true,
    );
  });

  it('creates a missing branch from the default branch with POST /git/refs', async () => {
    const { client, calls } = clientWith([
      { status: 404, body: { message: 'Not Found' } },
      {
        body: {
          id: 1,
          name: 'r',
          full_name: 'o/r',
          owner: { login: 'o' },
          private: true,
          html_url: 'h',
          clone_url: 'c',
          default_branch: 'trunk',
        },
      },
      { body: { ref: 'refs/heads/trunk', object: { sha: HEAD } } },
      { body: { sha: HEAD, tree: { sha: TREE } } },
      { status: 201, body: { sha: NEW_TREE } },
      { status: 201, body: { sha: COMMIT, tree: { sha: NEW_TREE } } },
      { status: 201, body: { ref: 'refs/heads/feat/x', object: { sha: COMMIT } } },
    ]);
    const result = await client.commitFiles({
      repo: { owner: 'o', name: 'r' },
      branch: 'feat/x',
      message: 'm',
      changes: [{ action: 'put', path: 'a', content: new Uint8Array([97]) }],
    });
    expect(result).toMatchObject({ ok: true, value: { branchCreated: true } });
    expect(calls[2]?.url).toBe(`${API}/repos/o/r/git/ref/heads/trunk`);
    expect(calls[6]?.method).toBe('POST');
    expect(body(calls[6]?.body)).toEqual({ ref: 'refs/heads/feat/x', sha: COMMIT });
  });

  it('turns a PATCH refused as not a fast-forward into branch_moved', async () => {
    const { client } = clientWith([
      { body: { ref: 'refs/heads/main', object: { sha: HEAD } } },
      { body: { sha: HEAD, tree: { sha: TREE } } },
      { status: 201, body: { sha: NEW_TREE } },
      { status: 201, body: { sha: COMMIT, tree: { sha: NEW_TREE } } },
      {
        status: 422,
        body: { message: 'Update is not a fast forward', documentation_url: 'x', status: '422' },
      },
    ]);
    const result = await client.commitFiles({
      repo: { owner: 'o', name: 'r' },
      branch: 'main',
      message: 'm',
      changes: [{ action: 'put', path: 'a', content: new Uint8Array([97]) }],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'branch_moved' } });
  });
});

describe('textOf', () => {
  it('keeps valid UTF-8 (with a BOM) as text and sends NUL bytes or invalid UTF-8 as binary', () => {
    expect(textOf(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('\uFEFFa');
    expect(textOf(new Uint8Array([0x61, 0]))).toBeNull();
    expect(textOf(new Uint8Array([0xc3, 0x28]))).toBeNull();
  });
});
