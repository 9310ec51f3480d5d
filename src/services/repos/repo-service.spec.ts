import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FkError } from '../../domain/errors/error.js';
import type { ForgeId } from '../../domain/forge.js';
import { err, ok, type Result } from '../../domain/result.js';
import { githubChecksum } from '../../domain/tokens/github-checksum.js';
import { createAdapter } from '../../forges/registry.js';
import type { FileChange, RepoAuth, RepoClient, Repository } from '../../forges/repo-types.js';
import type { ForgeAdapter } from '../../forges/types.js';
import type { CreateTokenInput } from '../../sandbox/index.js';
import {
  bitbucketApiToken,
  githubClassic,
  githubFineGrained,
  gitlabPersonal,
} from '../../sandbox/testing/factories.js';
import { useSandbox } from '../../sandbox/testing/sandbox-fixture.js';
import type { Vault } from '../vault/index.js';
import { makeSqliteVaultTarget, type VaultTarget } from '../vault/testing/vault-target.js';
import { createRepoService } from './repo-service.js';
import type { RepoService } from './types.js';

/*
 * The service's own logic — the audit purpose, the capability check before any forge call, the
 * secret scan, reuse on a taken name, the default branch — with a real vault (tokens inspected at
 * the sandbox) and a recording RepoClient in place of the forge's repository API. The real clients
 * are exercised through the same service in src/forges/repo-contract.spec.ts and the end-to-end test.
 */

const REPO: Repository = {
  id: '1',
  owner: 'octo',
  name: 'app',
  fullName: 'octo/app',
  private: true,
  description: null,
  defaultBranch: 'main',
  webUrl: 'http://forge.example/octo/app',
  cloneUrl: 'http://forge.example/octo/app.git',
};

interface Recorder {
  calls: { method: string; input: unknown }[];
  auths: RepoAuth[];
  /** Replies by method; absent methods answer a plausible success. */
  replies: Partial<Record<keyof RepoClient, () => Result<unknown, FkError>>>;
}

function recordingClient(recorder: Recorder, auth: RepoAuth): RepoClient {
  recorder.auths.push(auth);
  const answer = <T>(method: keyof RepoClient, input: unknown, fallback: T) => {
    recorder.calls.push({ method, input });
    const reply = recorder.replies[method];
    return Promise.resolve((reply ? reply() : ok(fallback)) as Result<T, FkError>);
  };
  return {
    listRepos: (input) => answer('listRepos', input, { items: [REPO], nextCursor: null }),
    getRepo: (input) => answer('getRepo', input, REPO),
    createRepo: (input) => answer('createRepo', input, REPO),
    listBranches: (repo, input) =>
      answer(
        'listBranches',
        { repo, input },
        {
          items: [{ name: 'feature', sha: 'a'.repeat(40), protected: false, isDefault: false }],
          nextCursor: 'next',
        },
      ),
    commitFiles: (input) =>
      answer('commitFiles', input, {
        sha: 'b'.repeat(40),
        branch: input.branch,
        branchCreated: false,
        webUrl: 'w',
      }),
    openPullRequest: (input) =>
      answer('openPullRequest', input, {
        number: 1,
        title: input.title,
        head: input.head,
        base: input.base,
        state: 'open',
        webUrl: 'w',
      }),
    createWebhook: (input) =>
      answer('createWebhook', input, { id: '7', url: input.url, events: ['push'], active: true }),
  } satisfies RepoClient;
}

/** A checksum-valid classic token made here (never a sandbox-issued one, which is a canary). */
function generatedGitHubToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const body = [...randomBytes(30)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `ghp_${body}${githubChecksum(body)}`;
}

const text = (value: string) => new TextEncoder().encode(value);

describe('repository service', () => {
  const fixture = useSandbox();
  let target: VaultTarget;
  let vault: Vault;
  const recorder: Recorder = { calls: [], auths: [], replies: {} };
  let service: RepoService;

  beforeAll(async () => {
    target = await makeSqliteVaultTarget();
    vault = await target.open();
    service = createRepoService({
      vault,
      adapterFor: (forge: ForgeId, apiUrl: string) => {
        const adapter = createAdapter(forge, { apiUrl });
        return {
          forge: adapter.forge,
          apiUrl: adapter.apiUrl,
          inspect: (...args) => adapter.inspect(...args),
          gitTarget: (repo, kind) => adapter.gitTarget(repo, kind),
          repos: (auth) => recordingClient(recorder, auth),
        } satisfies ForgeAdapter;
      },
    });
  });
  afterAll(async () => {
    await vault?.close();
    await target?.dispose();
  });

  async function stored(input: CreateTokenInput, email?: string) {
    recorder.calls.length = 0;
    recorder.auths.length = 0;
    recorder.replies = {};
    const issued = await fixture.sandbox.control.createToken(input);
    const ownerId = `user-${randomBytes(4).toString('hex')}`;
    const added = await vault.add({
      ownerId,
      raw: issued.token,
      apiUrl: fixture.sandbox.urls[input.forge].api,
      actor: 'test',
      ...(email === undefined ? {} : { email }),
    });
    if (!added.ok) throw new Error(added.error.message);
    return { ownerId, id: added.value.record.id };
  }

  async function lastUse(ownerId: string) {
    const events = await vault.audit(ownerId, { action: 'use' });
    if (!events.ok) throw new Error(events.error.code);
    return events.value.items[0];
  }

  it('refuses before calling the forge when the known scopes lack what the operation needs', async () => {
    const { ownerId, id } = await stored(githubClassic({ scopes: ['read:user'] }));
    const listed = await service.listRepos(ownerId, id, {}, 'test');
    expect(listed.ok).toBe(false);
    if (listed.ok) return;
    expect(listed.error.code).toBe('insufficient_scope');
    expect(listed.error.details).toMatchObject({ missing: ['read'], scopesToAdd: ['repo'] });
    expect(listed.error.remediation).toContain('/settings/tokens/new?scopes=repo');
    expect(recorder.calls).toEqual([]);
    expect(await lastUse(ownerId)).toMatchObject({
      target: 'repo.list github',
      outcome: 'error',
      errorCode: 'insufficient_scope',
      tokenId: id,
    });
  });

  it('asks for the workflow scope when a GitHub commit touches .github/workflows/', async () => {
    const { ownerId, id } = await stored(githubClassic({ scopes: ['repo'] }));
    const commit = {
      repo: { owner: 'octo', name: 'app' },
      branch: 'main',
      message: 'ci',
      files: [{ path: '.github/workflows/ci.yml', content: text('on: push\n') }],
    };
    const refused = await service.commitFiles(ownerId, id, commit, 'test');
    expect(refused.ok ? null : refused.error.code).toBe('workflow_scope_required');
    expect(refused.ok ? '' : refused.error.remediation).toMatch(/workflow/);
    expect(refused.ok ? null : refused.error.details?.tokenPageUrl).toMatch(/scopes=repo,workflow|workflow/);
    expect(recorder.calls).toEqual([]);

    const elsewhere = { ...commit, files: [{ path: 'docs/workflows/ci.yml', content: text('x\n') }] };
    const done = await service.commitFiles(ownerId, id, elsewhere, 'test');
    expect(done.ok).toBe(true);
    expect(await lastUse(ownerId)).toMatchObject({
      target: 'repo.commit github:octo/app@main (1 file)',
      outcome: 'ok',
    });
  });

  it('lets the forge decide when the grant is unknown (fine-grained)', async () => {
    const { ownerId, id } = await stored(githubFineGrained());
    const commit = {
      repo: { owner: 'octo', name: 'app' },
      branch: 'main',
      message: 'ci',
      files: [{ path: '.github/workflows/ci.yml', content: text('on: push\n') }],
    };
    expect((await service.commitFiles(ownerId, id, commit, 'test')).ok).toBe(true);
    expect(recorder.calls.map((call) => call.method)).toEqual(['commitFiles']);
  });

  it("refuses a GitLab commit through the API without api (write_repository is git's only)", async () => {
    const { ownerId, id } = await stored(gitlabPersonal({ scopes: ['read_api', 'write_repository'] }));
    const commit = {
      repo: { owner: 'tanuki', name: 'app' },
      branch: 'main',
      message: 'm',
      files: [{ path: 'a', content: text('a') }],
    };
    const refused = await service.commitFiles(ownerId, id, commit, 'test');
    expect(refused.ok ? null : refused.error.code).toBe('insufficient_scope');
    expect(refused.ok ? '' : refused.error.remediation).toContain('scopes=api');
    expect(recorder.calls).toEqual([]);
    // Listing needs read_api only: allowed.
    expect((await service.listRepos(ownerId, id, {}, 'test')).ok).toBe(true);
  });

  it('scans the content for secrets and refuses with file and line unless allowed', async () => {
    const { ownerId, id } = await stored(githubClassic({ scopes: ['repo'] }));
    const secret = generatedGitHubToken();
    const commit = {
      repo: { owner: 'octo', name: 'app' },
      branch: 'main',
      message: 'config',
      files: [
        { path: 'README.md', content: text('# app\n') },
        { path: 'config/env.txt', content: text(`NAME=app\nTOKEN=${secret}\n`) },
      ],
    };
    const refused = await service.commitFiles(ownerId, id, commit, 'test');
    expect(refused.ok ? null : refused.error.code).toBe('secret_detected');
    expect(refused.ok ? '' : refused.error.message).toContain('config/env.txt:2');
    expect(JSON.stringify(refused)).not.toContain(secret);
    expect(recorder.calls).toEqual([]);

    const allowed = await service.commitFiles(ownerId, id, { ...commit, allowSecrets: true }, 'test');
    expect(allowed.ok).toBe(true);
    const sent = recorder.calls[0]?.input as { changes: FileChange[] };
    expect(sent.changes.map((change) => [change.action, change.path])).toEqual([
      ['put', 'README.md'],
      ['put', 'config/env.txt'],
    ]);
  });

  it('sends bytes, executables and deletions as one change list; refuses bad paths', async () => {
    const { ownerId, id } = await stored(githubClassic({ scopes: ['repo'] }));
    const binary = Uint8Array.from([0, 255, 1, 2]);
    const commit = {
      repo: { owner: 'octo', name: 'app' },
      branch: 'feature',
      baseBranch: 'main',
      expectedHead: 'c'.repeat(40),
      message: 'm',
      files: [
        { path: 'bin/run', content: text('#!/bin/sh\n'), executable: true },
        { path: 'img/logo.png', content: binary },
      ],
      delete: ['old.txt'],
    };
    expect((await service.commitFiles(ownerId, id, commit, 'test')).ok).toBe(true);
    expect(recorder.calls[0]?.input).toEqual({
      repo: commit.repo,
      branch: 'feature',
      baseBranch: 'main',
      expectedHead: 'c'.repeat(40),
      message: 'm',
      changes: [
        { action: 'put', path: 'bin/run', content: text('#!/bin/sh\n'), executable: true },
        { action: 'put', path: 'img/logo.png', content: binary },
        { action: 'delete', path: 'old.txt' },
      ],
    });
    for (const path of ['../x', '/abs', 'a//b', '.git/config', 'a/./b', '']) {
      const bad = await service.commitFiles(
        ownerId,
        id,
        { ...commit, files: [{ path, content: text('x') }], delete: [] },
        'test',
      );
      expect(bad.ok ? null : bad.error.code, path).toBe('invalid_input');
    }
    const twice = await service.commitFiles(ownerId, id, { ...commit, delete: ['bin/run'] }, 'test');
    expect(twice.ok ? null : twice.error.code).toBe('invalid_input');
  });

  it('reuses a taken name only when asked', async () => {
    const { ownerId, id } = await stored(githubClassic({ scopes: ['repo'] }));
    recorder.replies.createRepo = () => err({ code: 'repo_exists', message: 'm', remediation: 'r' });
    const failed = await service.createRepo(ownerId, id, { name: 'app' }, 'test');
    expect(failed.ok ? null : failed.error.code).toBe('repo_exists');
    const reused = await service.createRepo(ownerId, id, { name: 'app', ifExists: 'reuse' }, 'test');
    expect(reused).toEqual(ok({ repository: REPO, created: false }));
    // No owner given: the token's own namespace, its account login.
    expect(recorder.calls.at(-1)).toEqual({ method: 'getRepo', input: { owner: 'octo', name: 'app' } });
    expect(await lastUse(ownerId)).toMatchObject({
      target: 'repo.create github:~/app (reuse)',
      outcome: 'ok',
    });
    recorder.replies = {};
    const created = await service.createRepo(
      ownerId,
      id,
      { owner: 'acme', name: 'app', private: false },
      'test',
    );
    expect(created).toEqual(ok({ repository: REPO, created: true }));
    expect(recorder.calls.at(-1)).toEqual({
      method: 'createRepo',
      input: { owner: 'acme', name: 'app', private: false },
    });
  });

  it('answers the default branch, asking the repository when the page does not show it', async () => {
    const { ownerId, id } = await stored(githubClassic({ scopes: ['repo'] }));
    const page = await service.listBranches(
      ownerId,
      { forge: 'github', apiUrl: fixture.sandbox.urls.github.api },
      { repo: { owner: 'octo', name: 'app' }, cap: 1 },
      'test',
    );
    expect(page).toEqual(
      ok({
        items: [expect.objectContaining({ name: 'feature' })],
        nextCursor: 'next',
        defaultBranch: 'main',
      }),
    );
    expect(recorder.calls.map((call) => call.method)).toEqual(['listBranches', 'getRepo']);
    expect(recorder.calls[0]?.input).toEqual({ repo: { owner: 'octo', name: 'app' }, input: { cap: 1 } });
    expect(await lastUse(ownerId)).toMatchObject({ target: 'repo.branches github:octo/app', tokenId: id });
  });

  it('hands Bitbucket API tokens their email, and selects tokens by label', async () => {
    const { ownerId, id } = await stored(
      bitbucketApiToken({
        scopes: ['read:user:bitbucket', 'read:pullrequest:bitbucket', 'write:pullrequest:bitbucket'],
      }),
      'bucky@example.com',
    );
    must(await vault.setLabel(ownerId, id, 'bb'));
    const pr = await service.openPullRequest(
      ownerId,
      { label: 'bb' },
      { repo: { owner: 'bucky', name: 'app' }, title: 't', head: 'feature', base: 'main' },
      'test',
    );
    expect(pr.ok).toBe(true);
    expect(recorder.auths[0]).toMatchObject({ kind: 'api_token', email: 'bucky@example.com' });
    expect(await lastUse(ownerId)).toMatchObject({ target: 'repo.pr bitbucket:bucky/app feature→main' });
  });

  it('names neither the webhook URL nor its secret in the audit log', async () => {
    const { ownerId, id } = await stored(githubClassic({ scopes: ['write:repo_hook'] }));
    const hook = await service.createWebhook(
      ownerId,
      id,
      {
        repo: { owner: 'octo', name: 'app' },
        url: 'https://ci.example/hook?key=k123',
        secret: 's3cret-value',
      },
      'test',
    );
    expect(hook.ok).toBe(true);
    const event = await lastUse(ownerId);
    expect(event?.target).toBe('repo.hook github:octo/app');
    expect(JSON.stringify(event)).not.toMatch(/k123|s3cret/);
  });

  it('audits an unknown token as a failed use and answers not_found', async () => {
    const { ownerId } = await stored(githubClassic());
    const missing = await service.listRepos(ownerId, 'no-such-token', {}, 'test');
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
    expect(await lastUse(ownerId)).toMatchObject({
      target: 'repo.list',
      outcome: 'error',
      errorCode: 'not_found',
    });
  });
});

function must<T>(result: Result<T, FkError>): T {
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}
