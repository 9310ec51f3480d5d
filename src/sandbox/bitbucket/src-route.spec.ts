import { describe, expect, it } from 'vitest';
import { call } from '../testing/sandbox-fixture.js';
import { parseMultipart } from './form-body.js';
import { useBitbucketSandbox } from './testing.js';

const ctx = useBitbucketSandbox();
const WRITE = ['read:repository:bitbucket', 'write:repository:bitbucket'];
const BOUNDARY = 'xYzBoUnDaRy';

type Part = { name: string; value: string | Buffer; filename?: string; attributes?: string };

/** A multipart body by hand, as curl -F would send it. */
function multipart(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const file = part.filename ? `; filename="${part.filename}"` : '';
    const attributes = part.attributes ? `; x-attributes="${part.attributes}"` : '';
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"${file}${attributes}\r\n\r\n`,
      ),
    );
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

async function postSrc(authorization: string, path: string, body: Buffer | string, type: string) {
  const response = await fetch(`${ctx.urls.bitbucket.api}/repositories/${path}/src`, {
    method: 'POST',
    headers: { authorization, 'content-type': type },
    body,
  });
  const text = await response.text();
  return { status: response.status, location: response.headers.get('location'), text };
}

const BINARY = Buffer.from([0, 1, 2, 255, 254, 13, 10, 45, 45]);

describe('Bitbucket POST /src (forges.md §3.8)', () => {
  it('commits text, binary, an executable and a delete in one multipart request', async () => {
    const repo = await ctx.repo('bucky', 'app');
    const before = await ctx.state.repos.resolveBranch(repo, 'main');
    const auth = await ctx.apiToken(WRITE);
    const body = multipart([
      { name: 'message', value: 'Add files' },
      { name: 'author', value: 'Bucky Bot <bot@example.com>' },
      { name: 'branch', value: 'main' },
      { name: 'parents', value: String(before) },
      { name: '/docs/a.md', value: 'héllo\n', filename: 'a.md' },
      { name: 'bin/blob.dat', value: BINARY, filename: 'blob.dat' },
      { name: 'bin/run.sh', value: '#!/bin/sh\necho hi\n', filename: 'run.sh', attributes: 'executable' },
      { name: 'message', value: 'a file named message', filename: 'message' },
      { name: 'files', value: 'README.md' },
    ]);
    const answer = await postSrc(auth, 'bucky/app', body, `multipart/form-data; boundary=${BOUNDARY}`);
    expect(answer.status).toBe(201);
    const sha = /\/commit\/([0-9a-f]{40})$/.exec(answer.location ?? '')?.[1] ?? '';
    expect(await ctx.state.repos.resolveBranch(repo, 'main')).toBe(sha);
    expect((await ctx.state.repos.readFile(repo, sha, 'docs/a.md'))?.toString('utf8')).toBe('héllo\n');
    expect(await ctx.state.repos.readFile(repo, sha, 'bin/blob.dat')).toEqual(BINARY);
    expect((await ctx.state.repos.readFile(repo, sha, 'message'))?.toString()).toBe('a file named message');
    expect(await ctx.state.repos.readFile(repo, sha, 'README.md')).toBeNull();
    const tree = await ctx.state.repos.listTree(repo, sha, { recursive: true });
    expect(tree.find((entry) => entry.path === 'bin/run.sh')?.mode).toBe('100755');
    const commit = await ctx.state.repos.readCommit(repo, sha);
    expect(commit).toMatchObject({
      message: 'Add files',
      parents: [before],
      author: { name: 'Bucky Bot', email: 'bot@example.com' },
    });
  });

  it('accepts application/x-www-form-urlencoded and starts a new branch from the main branch', async () => {
    const repo = await ctx.repo('bucky', 'app');
    const main = await ctx.state.repos.resolveBranch(repo, 'main');
    const auth = await ctx.apiToken(WRITE);
    const form = new URLSearchParams({ '/notes.txt': 'Lorem ipsum.', message: 'Notes', branch: 'feature' });
    const answer = await postSrc(auth, 'bucky/app', form.toString(), 'application/x-www-form-urlencoded');
    expect(answer.status).toBe(201);
    const head = await ctx.state.repos.resolveBranch(repo, 'feature');
    expect((await ctx.state.repos.readCommit(repo, String(head)))?.parents).toEqual([main]);
    expect(await ctx.state.repos.resolveBranch(repo, 'main')).toBe(main);
    expect((await ctx.state.repos.readFile(repo, String(head), 'README.md'))?.length).toBeGreaterThan(0);
    const commit = await ctx.state.repos.readCommit(repo, String(head));
    expect(commit?.author).toMatchObject({ name: 'Bucky', email: 'bucky@example.com' });
  });

  it('refuses with 409 when parents is not the head of an existing branch, writing nothing', async () => {
    const repo = await ctx.repo('bucky', 'app');
    const main = String(await ctx.state.repos.resolveBranch(repo, 'main'));
    const auth = await ctx.apiToken(WRITE);
    const first = new URLSearchParams({ 'a.txt': '1', parents: main });
    expect(
      (await postSrc(auth, 'bucky/app', first.toString(), 'application/x-www-form-urlencoded')).status,
    ).toBe(201);
    const moved = await ctx.state.repos.resolveBranch(repo, 'main');
    const stale = new URLSearchParams({ 'b.txt': '2', parents: main, branch: 'main' });
    const answer = await postSrc(auth, 'bucky/app', stale.toString(), 'application/x-www-form-urlencoded');
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.text)).toMatchObject({ type: 'error', error: { message: expect.any(String) } });
    expect(await ctx.state.repos.resolveBranch(repo, 'main')).toBe(moved);
  });

  it('makes the root commit of an empty repository, and a named branch becomes the main branch', async () => {
    const repo = await ctx.repo('bucky', 'empty', { initialize: false });
    const auth = await ctx.apiToken(WRITE);
    const form = new URLSearchParams({ 'README.md': '# empty\n', branch: 'trunk' });
    expect(
      (await postSrc(auth, 'bucky/empty', form.toString(), 'application/x-www-form-urlencoded')).status,
    ).toBe(201);
    const head = String(await ctx.state.repos.resolveBranch(repo, 'trunk'));
    expect((await ctx.state.repos.readCommit(repo, head))?.parents).toEqual([]);
    const read = await call(`${ctx.urls.bitbucket.api}/repositories/bucky/empty`, {
      headers: { authorization: auth },
    });
    expect(read.body).toMatchObject({ mainbranch: { name: 'trunk' } });
  });

  it('refuses branch restrictions (403) and writers without access (403), and needs write scope', async () => {
    const repo = await ctx.repo('alice', 'lib', { private: false });
    repo.protectedBranches.add('main');
    repo.collaborators.add('bucky');
    const auth = await ctx.apiToken(WRITE);
    const form = new URLSearchParams({ 'x.txt': 'x' }).toString();
    const restricted = await postSrc(auth, 'alice/lib', form, 'application/x-www-form-urlencoded');
    expect(restricted.status).toBe(403);
    expect(restricted.text).toMatch(/Branch restrictions/);
    const stranger = await ctx.apiToken(WRITE, 'carol');
    expect((await postSrc(stranger, 'alice/lib', form, 'application/x-www-form-urlencoded')).status).toBe(
      403,
    );
    const readOnly = await ctx.apiToken(['read:repository:bitbucket'], 'alice');
    const scoped = await postSrc(readOnly, 'alice/lib', form, 'application/x-www-form-urlencoded');
    expect(JSON.parse(scoped.text)).toMatchObject({
      error: { detail: { required: WRITE.slice().reverse() } },
    });
  });
});

describe('the multipart parser', () => {
  it('does not end a part at a boundary-like line that is not a delimiter', () => {
    const tricky = Buffer.from('a\r\n--bad\r\n--b-c');
    const body = Buffer.concat([
      Buffer.from('--b\r\nContent-Disposition: form-data; name="f.txt"; filename="f.txt"\r\n\r\n'),
      tricky,
      Buffer.from('\r\n--b\r\nContent-Disposition: form-data; name="message"\r\n\r\nm\r\n--b--\r\n'),
    ]);
    const parts = parseMultipart(body, 'b');
    expect(parts.map((part) => [part.name, part.value.toString()])).toEqual([
      ['f.txt', tricky.toString()],
      ['message', 'm'],
    ]);
  });

  it('keeps bytes exact, reads x-attributes in both spellings and Content-ID paths', () => {
    const body = Buffer.concat([
      Buffer.from(
        `--b\r\nContent-Disposition: attachment; filename="s.sh"; x-attributes:"executable"\r\nContent-ID: "bin/s.sh"\r\n\r\n`,
      ),
      BINARY,
      Buffer.from('\r\n--b--\r\n'),
    ]);
    expect(parseMultipart(body, 'b')).toEqual([
      { name: 'bin/s.sh', filename: 's.sh', attributes: ['executable'], value: BINARY },
    ]);
  });
});
