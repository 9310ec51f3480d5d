import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../domain/secret.js';
import { makeToken } from '../../domain/tokens/__fixtures__/make-token.js';
import type { CreateTokenInput } from '../../sandbox/index.js';
import { bitbucketApiToken, githubClassic, gitlabPersonal } from '../../sandbox/testing/factories.js';
import { useSandbox } from '../../sandbox/testing/sandbox-fixture.js';
import { pushDirectory } from './push-directory.js';
import type { PushDirectoryOptions } from './push-options.js';
import { makeRepository, type Recorder, recordingGit, writeFiles } from './testing/push-fixture.js';

// pushDirectory against the sandbox's git hosting (git http-backend behind each forge's rules,
// forges.md §1.4/§1.9, §2.4/§2.9, §3.5). The tokens the sandbox issues are canaries: the suite's
// leak scan fails if one reaches a file. Secrets put in content are generated here instead.
const context = useSandbox();

interface ForgeCase {
  forge: 'github' | 'gitlab' | 'bitbucket';
  login: string;
  /** forges.md §0: anything non-empty on GitHub and GitLab; the static name for Bitbucket API tokens. */
  username: string;
  writer: CreateTokenInput;
  reader: CreateTokenInput;
  wrong: string;
}

const CASES: ForgeCase[] = [
  {
    forge: 'github',
    login: 'octo',
    username: 'octo',
    writer: githubClassic({ login: 'octo', scopes: ['repo'] }),
    reader: githubClassic({ login: 'octo', scopes: ['read:user'] }),
    wrong: makeToken('github', 'classic', { seed: 501 }),
  },
  {
    forge: 'gitlab',
    login: 'tanuki',
    username: 'forgekeeper',
    writer: gitlabPersonal({ login: 'tanuki', scopes: ['write_repository'] }),
    reader: gitlabPersonal({ login: 'tanuki', scopes: ['read_repository'] }),
    wrong: makeToken('gitlab', 'personal', { seed: 502 }),
  },
  {
    forge: 'bitbucket',
    login: 'bucky',
    username: 'x-bitbucket-api-token-auth',
    writer: bitbucketApiToken({
      login: 'bucky',
      scopes: ['read:repository:bitbucket', 'write:repository:bitbucket'],
    }),
    reader: bitbucketApiToken({ login: 'bucky', scopes: ['read:repository:bitbucket'] }),
    wrong: makeToken('bitbucket', 'api_token', { seed: 503 }),
  },
];

let recorder: Recorder;
let work: string;

const privateDirs = () =>
  readdirSync(tmpdir())
    .filter((name) => name.startsWith('fk-push-'))
    .map((name) => join(tmpdir(), name));

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'push-sandbox-spec-'));
});

async function setup(forgeCase: ForgeCase) {
  const { sandbox } = context;
  const repo = await sandbox.control.createRepo({
    forge: forgeCase.forge,
    creator: forgeCase.login,
    name: 'pushed',
    private: false,
  });
  const writer = await sandbox.control.createToken(forgeCase.writer);
  recorder = recordingGit(writer.token, join(work, 'git-trace.log'), privateDirs);
  const base = (overrides: Partial<PushDirectoryOptions> & Pick<PushDirectoryOptions, 'dir'>) =>
    ({
      remoteUrl: repo.cloneUrl ?? '',
      username: forgeCase.username,
      token: new Secret(writer.token),
      branch: 'main',
      git: recorder.git,
      ...overrides,
    }) satisfies PushDirectoryOptions;
  const branches = async () =>
    (await sandbox.control.listRepos({ forge: forgeCase.forge })).find((view) => view.id === repo.id)
      ?.branches ?? [];
  return { repo, writer, base, branches };
}

function expectTokenOnlyInMemory(token: string): void {
  expect(recorder.argv.length).toBeGreaterThan(0);
  for (const argv of recorder.argv) expect(argv.join(' ')).not.toContain(token);
  for (const env of recorder.env) expect(JSON.stringify(env)).not.toContain(token);
  expect(recorder.leaks).toEqual([]);
}

describe.each(CASES)('pushDirectory to the sandbox: $forge', (forgeCase) => {
  it('pushes a plain directory to a new branch, refuses to overwrite another history, forces when asked', async () => {
    const { base, branches, writer } = await setup(forgeCase);
    const plain = join(work, 'plain');
    writeFiles(plain, { 'index.html': '<h1>hi</h1>\n', 'css/site.css': 'body {}\n' });

    const pushed = await pushDirectory(base({ dir: plain, branch: 'site' }));
    expect(pushed).toMatchObject({ ok: true, value: { branch: 'site', filesScanned: 2, forced: false } });
    if (!pushed.ok) return;
    expect(await branches()).toContainEqual({ name: 'site', sha: pushed.value.sha });

    const repoDir = join(work, 'repo');
    const head = makeRepository(repoDir, { 'README.md': '# replaced\n' });
    expect(await pushDirectory(base({ dir: repoDir }))).toMatchObject({
      ok: false,
      error: { code: 'push_rejected' },
    });
    expect(await pushDirectory(base({ dir: repoDir, force: true }))).toMatchObject({
      ok: true,
      value: { sha: head, forced: true },
    });
    expect(await branches()).toContainEqual({ name: 'main', sha: head });
    expectTokenOnlyInMemory(writer.token);
  });

  it('maps a wrong token, a token without write scope and a protected branch', async () => {
    const { repo, base } = await setup(forgeCase);
    const dir = join(work, 'fail');
    writeFiles(dir, { 'a.txt': 'a\n' });

    const wrong = await pushDirectory(base({ dir, branch: 'x', token: new Secret(forgeCase.wrong) }));
    expect(wrong).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });

    const reader = await context.sandbox.control.createToken(forgeCase.reader);
    const readOnly = await pushDirectory(base({ dir, branch: 'x', token: new Secret(reader.token) }));
    expect(readOnly).toMatchObject({ ok: false, error: { code: 'insufficient_scope' } });
    expect(JSON.stringify(readOnly)).not.toContain(reader.token);

    await context.sandbox.control.protectBranch(forgeCase.forge, repo.id, { branch: 'main' });
    const guarded = await pushDirectory(base({ dir, force: true }));
    expect(guarded).toMatchObject({ ok: false, error: { code: 'branch_protected' } });
  });

  it('refuses content holding a secret unless allowed', async () => {
    const { base } = await setup(forgeCase);
    const dir = join(work, 'secret');
    const planted = makeToken('github', 'classic', { seed: 900 });
    writeFiles(dir, { 'deploy/settings.yml': `name: x\ntoken: ${planted}\n` });
    const refused = await pushDirectory(base({ dir, branch: 'deploy' }));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'secret_detected', details: { findings: [{ path: 'deploy/settings.yml', line: 2 }] } },
    });
    expect(await pushDirectory(base({ dir, branch: 'deploy', allowSecrets: true }))).toMatchObject({
      ok: true,
    });
  });
});

describe('pushDirectory to the sandbox: GitHub workflow files', () => {
  it('maps the refusal of a workflow file without the workflow scope to workflow_scope_required', async () => {
    const { base } = await setup(CASES[0]!);
    const dir = join(work, 'workflow');
    writeFiles(dir, { '.github/workflows/ci.yml': 'on: push\n' });
    const refused = await pushDirectory(base({ dir, branch: 'ci' }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'workflow_scope_required' } });
  });
});
