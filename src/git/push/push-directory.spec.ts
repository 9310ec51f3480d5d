import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../domain/secret.js';
import { makeToken } from '../../domain/tokens/__fixtures__/make-token.js';
import { pushDirectory } from './push-directory.js';
import type { PushDirectoryOptions } from './push-options.js';
import { type LocalGitServer, startLocalGitServer } from './testing/local-git-server.js';
import {
  commitFiles,
  filesHolding,
  gitSync,
  makeRepository,
  type Recorder,
  recordingGit,
  writeFiles,
} from './testing/push-fixture.js';

// Against a throwaway `git http-backend` with Basic authentication (push-directory-sandbox.spec.ts
// runs the same flows against the sandbox forges). The tokens are generated here with valid
// checksums, never issued by a sandbox.
const TOKEN = makeToken('github', 'classic', { seed: 4242 });
const READ_ONLY = makeToken('github', 'classic', { seed: 4343 });
const WRONG = makeToken('github', 'classic', { seed: 4444 });
const CONTENT_SECRET = makeToken('gitlab', 'personal', { seed: 77 });

let root: string;
let server: LocalGitServer;
let recorder: Recorder;
let repoCount = 0;

function newRemote(): { url: string; gitDir: string } {
  const name = `repo-${++repoCount}`;
  const gitDir = join(root, 'remote', 'owner', `${name}.git`);
  mkdirSync(gitDir, { recursive: true });
  gitSync(gitDir, ['init', '--quiet', '--bare', '--initial-branch=main']);
  return { url: `${server.url}/owner/${name}.git`, gitDir };
}

function privateDirs(): string[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith('fk-push-'))
    .map((name) => join(tmpdir(), name));
}

function options(overrides: Partial<PushDirectoryOptions> & Pick<PushDirectoryOptions, 'dir' | 'remoteUrl'>) {
  return {
    username: 'tester',
    token: new Secret(TOKEN),
    branch: 'main',
    git: recorder.git,
    ...overrides,
  } satisfies PushDirectoryOptions;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'push-spec-'));
  server = await startLocalGitServer({
    root: join(root, 'remote'),
    password: TOKEN,
    readOnlyPassword: READ_ONLY,
  });
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  recorder = recordingGit(TOKEN, join(root, 'git-trace.log'), privateDirs);
});

/** The token never reached an argument, an environment variable, a file or git's trace of its children. */
function expectNoTokenAnywhere(): void {
  expect(recorder.argv.length).toBeGreaterThan(0);
  for (const argv of recorder.argv) expect(argv.join(' ')).not.toContain(TOKEN);
  for (const env of recorder.env) expect(JSON.stringify(env)).not.toContain(TOKEN);
  expect(readFileSync(join(root, 'git-trace.log'), 'utf8')).toContain('credential-helper.sh');
  expect(recorder.leaks).toEqual([]);
  expect(filesHolding(root, TOKEN)).toEqual([]);
  expect(privateDirs()).toEqual([]);
}

describe('pushDirectory — plain directory', () => {
  it('commits the whole directory in a temporary git dir and pushes it, leaving the directory untouched', async () => {
    const remote = newRemote();
    const dir = join(root, 'plain-1');
    writeFiles(dir, {
      'README.md': '# hello\n',
      'src/a.ts': 'export const a = 1;\n',
      '.gitignore': '*.log\n',
      'x.log': 'no',
    });
    const before = readdirSync(dir, { recursive: true }).sort();

    const pushed = await pushDirectory(
      options({
        dir,
        remoteUrl: remote.url,
        commitMessage: 'Initial files',
        author: { name: 'Ada', email: 'ada@example.com' },
      }),
    );

    expect(pushed).toMatchObject({
      ok: true,
      value: { branch: 'main', filesScanned: 3, forced: false, remoteUrl: remote.url },
    });
    if (!pushed.ok) return;
    expect(gitSync(remote.gitDir, ['rev-parse', 'refs/heads/main'])).toBe(pushed.value.sha);
    expect(gitSync(remote.gitDir, ['ls-tree', '-r', '--name-only', 'main']).split('\n')).toEqual([
      '.gitignore',
      'README.md',
      'src/a.ts',
    ]);
    expect(gitSync(remote.gitDir, ['log', '-1', '--format=%an <%ae>|%s', 'main'])).toBe(
      'Ada <ada@example.com>|Initial files',
    );
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
    expectNoTokenAnywhere();
  });

  it('is refused as a non-fast-forward over an existing branch, and replaces it with force', async () => {
    const remote = newRemote();
    const first = join(root, 'plain-2a');
    const second = join(root, 'plain-2b');
    writeFiles(first, { 'a.txt': 'one\n' });
    writeFiles(second, { 'b.txt': 'two\n' });
    expect((await pushDirectory(options({ dir: first, remoteUrl: remote.url }))).ok).toBe(true);

    const rejected = await pushDirectory(options({ dir: second, remoteUrl: remote.url }));
    expect(rejected).toMatchObject({ ok: false, error: { code: 'push_rejected' } });

    const forced = await pushDirectory(options({ dir: second, remoteUrl: remote.url, force: true }));
    expect(forced).toMatchObject({ ok: true, value: { forced: true } });
    expect(gitSync(remote.gitDir, ['ls-tree', '--name-only', 'main'])).toBe('b.txt');
    expect(
      recorder.argv.some((argv) => argv.some((arg) => arg.startsWith('--force-with-lease=refs/heads/main:'))),
    ).toBe(true);
    expectNoTokenAnywhere();
  });
});

describe('pushDirectory — repository', () => {
  it('pushes the current branch to the remote branch, the repository untouched', async () => {
    const remote = newRemote();
    const dir = join(root, 'repo-1');
    makeRepository(dir, { 'a.txt': 'a\n' });
    const head = commitFiles(dir, { 'b.txt': 'b\n' }, 'second');
    const config = readFileSync(join(dir, '.git', 'config'), 'utf8');

    const pushed = await pushDirectory(options({ dir, remoteUrl: remote.url, branch: 'feature' }));

    expect(pushed).toMatchObject({
      ok: true,
      value: { sha: head, branch: 'feature', filesScanned: 2, forced: false },
    });
    expect(gitSync(remote.gitDir, ['rev-parse', 'refs/heads/feature'])).toBe(head);
    expect(readFileSync(join(dir, '.git', 'config'), 'utf8')).toBe(config);
    expectNoTokenAnywhere();
  });

  it('scans only the commits the remote lacks, and refuses a diverged history unless forced', async () => {
    const remote = newRemote();
    const dir = join(root, 'repo-2');
    makeRepository(dir, Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.txt`, `${i}\n`])));
    expect(await pushDirectory(options({ dir, remoteUrl: remote.url }))).toMatchObject({
      ok: true,
      value: { filesScanned: 5 },
    });
    commitFiles(dir, { 'f1.txt': 'changed\n' }, 'change one');
    expect(await pushDirectory(options({ dir, remoteUrl: remote.url }))).toMatchObject({
      ok: true,
      value: { filesScanned: 1 },
    });

    gitSync(dir, ['reset', '--quiet', '--hard', 'HEAD~1']);
    const rewritten = commitFiles(dir, { 'other.txt': 'x\n' }, 'rewrite');
    expect(await pushDirectory(options({ dir, remoteUrl: remote.url }))).toMatchObject({
      ok: false,
      error: { code: 'push_rejected' },
    });
    expect(await pushDirectory(options({ dir, remoteUrl: remote.url, force: true }))).toMatchObject({
      ok: true,
      value: { sha: rewritten, forced: true },
    });
    expectNoTokenAnywhere();
  });
});

describe('pushDirectory — force with lease', () => {
  it('does not overwrite a branch that moved after it was read: branch_moved', async () => {
    const remote = newRemote();
    const dir = join(root, 'lease');
    makeRepository(dir, { 'a.txt': 'a\n' });
    expect((await pushDirectory(options({ dir, remoteUrl: remote.url }))).ok).toBe(true);
    const other = join(root, 'lease-other');
    const theirs = makeRepository(other, { 'theirs.txt': 'x\n' });
    gitSync(dir, ['commit', '--quiet', '--amend', '-m', 'rewritten']);
    // Someone else replaces the branch between our ls-remote and our push.
    const racing: typeof recorder.git = async (args, runOptions) => {
      if (args.includes('push'))
        gitSync(other, ['push', '--quiet', '--force', remote.gitDir, 'HEAD:refs/heads/main']);
      return recorder.git(args, runOptions);
    };
    const moved = await pushDirectory(options({ dir, remoteUrl: remote.url, force: true, git: racing }));
    expect(moved).toMatchObject({ ok: false, error: { code: 'branch_moved' } });
    expect(gitSync(remote.gitDir, ['rev-parse', 'refs/heads/main'])).toBe(theirs);
  });
});

describe('pushDirectory — secret scan', () => {
  it('refuses a plain directory holding a token with its file and line, and pushes it when allowed', async () => {
    const remote = newRemote();
    const dir = join(root, 'secret-plain');
    writeFiles(dir, { 'README.md': 'hi\n', 'config/.env': `A=1\nGITLAB_TOKEN=${CONTENT_SECRET}\n` });

    const refused = await pushDirectory(options({ dir, remoteUrl: remote.url }));
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'secret_detected',
        details: { findings: [{ path: 'config/.env', line: 2, column: 14, kind: 'gitlab-token' }] },
      },
    });
    if (refused.ok) return;
    expect(refused.error.message).toContain('config/.env:2');
    expect(JSON.stringify(refused.error)).not.toContain(CONTENT_SECRET);
    expect(gitSync(remote.gitDir, ['for-each-ref'])).toBe('');

    const allowed = await pushDirectory(options({ dir, remoteUrl: remote.url, allowSecrets: true }));
    expect(allowed).toMatchObject({
      ok: true,
      value: { allowedFindings: [{ path: 'config/.env', line: 2 }] },
    });
  });

  it('finds a secret in a commit that a later commit removed: the history leaves too', async () => {
    const remote = newRemote();
    const dir = join(root, 'secret-history');
    makeRepository(dir, { 'a.txt': 'a\n' });
    commitFiles(dir, { 'key.txt': `token ${CONTENT_SECRET}\n` }, 'oops');
    gitSync(dir, ['rm', '--quiet', 'key.txt']);
    gitSync(dir, ['commit', '--quiet', '-m', 'remove the token']);

    const refused = await pushDirectory(options({ dir, remoteUrl: remote.url }));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'secret_detected', details: { findings: [{ path: 'key.txt', line: 1 }] } },
    });
  });
});

describe('pushDirectory — what the remote already has', () => {
  const ranLsRemote = () => recorder.argv.some((argv) => argv.includes('ls-remote'));

  it('takes the remote branch from what git tells the hook: no ls-remote when the scan is clean', async () => {
    const remote = newRemote();
    const dir = join(root, 'hook-refs');
    makeRepository(dir, { 'a.txt': 'a\n', 'b.txt': 'b\n' });
    expect(await pushDirectory(options({ dir, remoteUrl: remote.url }))).toMatchObject({
      ok: true,
      value: { filesScanned: 2 },
    });
    commitFiles(dir, { 'c.txt': 'c\n' }, 'third');
    expect(await pushDirectory(options({ dir, remoteUrl: remote.url }))).toMatchObject({
      ok: true,
      value: { filesScanned: 1 },
    });
    expect(ranLsRemote()).toBe(false);
    // Up to date: git sends nothing, and nothing is scanned.
    expect(await pushDirectory(options({ dir, remoteUrl: remote.url }))).toMatchObject({
      ok: true,
      value: { filesScanned: 0 },
    });
    expectNoTokenAnywhere();
  });

  it('does not refuse a new branch for a secret another remote branch already holds, but refuses a new one', async () => {
    const remote = newRemote();
    const dir = join(root, 'secret-on-remote');
    makeRepository(dir, { 'a.txt': 'a\n', 'key.txt': `token ${CONTENT_SECRET}\n` });
    // The secret reached the remote's main before (pushed without Forgekeeper).
    gitSync(dir, ['push', '--quiet', remote.gitDir, 'HEAD:refs/heads/main']);
    commitFiles(dir, { 'b.txt': 'b\n' }, 'feature work');

    const pushed = await pushDirectory(options({ dir, remoteUrl: remote.url, branch: 'feature' }));
    // The scan of everything found the old secret; ls-remote then showed main has it: only b.txt leaves.
    expect(pushed).toMatchObject({ ok: true, value: { filesScanned: 1, allowedFindings: [] } });
    expect(ranLsRemote()).toBe(true);

    commitFiles(dir, { 'new.txt': `again ${CONTENT_SECRET}\n` }, 'oops');
    const refused = await pushDirectory(options({ dir, remoteUrl: remote.url, branch: 'other' }));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'secret_detected', details: { findings: [{ path: 'new.txt', line: 1 }] } },
    });
    expect(gitSync(remote.gitDir, ['for-each-ref', '--format=%(refname)'])).toBe(
      'refs/heads/feature\nrefs/heads/main',
    );
    expectNoTokenAnywhere();
  });
});

describe('pushDirectory — hooks', () => {
  it("runs none of the repository's own hooks: only ours, which waits for the scan", async () => {
    const remote = newRemote();
    const dir = join(root, 'hooked');
    makeRepository(dir, { 'a.txt': 'a\n' });
    const marker = join(root, 'hooked-marker');
    writeFileSync(join(dir, '.git', 'hooks', 'pre-push'), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, {
      mode: 0o755,
    });
    const pushed = await pushDirectory(options({ dir, remoteUrl: remote.url }));
    expect(pushed).toMatchObject({ ok: true, value: { filesScanned: 1 } });
    expect(existsSync(marker)).toBe(false);
    expect(gitSync(remote.gitDir, ['ls-tree', '--name-only', 'main'])).toBe('a.txt');
    expectNoTokenAnywhere();
  });
});

describe('pushDirectory — failures', () => {
  it('maps a wrong token to bad_credentials and a read-only one to insufficient_scope', async () => {
    const remote = newRemote();
    const dir = join(root, 'fail-1');
    makeRepository(dir, { 'a.txt': 'a\n' });
    const wrong = await pushDirectory(options({ dir, remoteUrl: remote.url, token: new Secret(WRONG) }));
    expect(wrong).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(JSON.stringify(wrong)).not.toContain(WRONG);

    const readOnly = await pushDirectory(
      options({ dir, remoteUrl: remote.url, token: new Secret(READ_ONLY) }),
    );
    expect(readOnly).toMatchObject({ ok: false, error: { code: 'insufficient_scope' } });
    expect(JSON.stringify(readOnly)).not.toContain(READ_ONLY);
    expect(gitSync(remote.gitDir, ['for-each-ref'])).toBe('');
  });

  it('maps a missing repository to not_found', async () => {
    const dir = join(root, 'fail-2');
    makeRepository(dir, { 'a.txt': 'a\n' });
    const missing = await pushDirectory(options({ dir, remoteUrl: `${server.url}/owner/nope.git` }));
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses URLs with credentials or plain http to another machine, and bad branch names, before running git', async () => {
    const dir = join(root, 'fail-3');
    writeFiles(dir, { 'a.txt': 'a\n' });
    for (const [remoteUrl, branch] of [
      [`http://user:${TOKEN}@127.0.0.1/o/r.git`, 'main'],
      ['http://example.com/o/r.git', 'main'],
      ['ssh://git@example.com/o/r.git', 'main'],
      ['https://example.com/o/r.git', 'bad..name'],
      ['https://example.com/o/r.git', '-rf'],
    ] as const) {
      const result = await pushDirectory(options({ dir, remoteUrl, branch }));
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(JSON.stringify(result)).not.toContain(TOKEN);
    }
    expect(recorder.argv).toEqual([]);
  });
});
