import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { z } from 'zod';
import { git, scratchDir } from '../../sandbox/git/git-client-fixture.js';
import type { ForgeSandbox } from '../sandbox-fixture.js';
import type { AdapterOptions } from '../types.js';

/** Test support for the Bitbucket RepoClient specs, through the sandbox's HTTP control API only. */

export const EMAIL = 'octo@example.com';
export const READ = ['read:repository:bitbucket', 'read:workspace:bitbucket'];
export const WRITE = [...READ, 'write:repository:bitbucket'];
export const ALL = [
  ...WRITE,
  'read:user:bitbucket',
  'admin:repository:bitbucket',
  'read:pullrequest:bitbucket',
  'write:pullrequest:bitbucket',
  'read:webhook:bitbucket',
  'write:webhook:bitbucket',
];

export const ok = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
};

export type RepoSpecClient = Awaited<ReturnType<ReturnType<typeof repoSpecHelpers>['clientWith']>>;

export function repoSpecHelpers(sandbox: ForgeSandbox) {
  const scratch: string[] = [];
  afterEach(async () => {
    for (const dir of scratch.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  /** An API token of `octo` with exactly `scopes`, and a RepoClient recording its RequestEvents. */
  async function clientWith(scopes: string[], options: AdapterOptions = {}) {
    const { token } = await sandbox.createToken({
      forge: 'bitbucket',
      kind: 'api_token',
      login: 'octo',
      email: EMAIL,
      scopes,
    });
    const { adapter, events } = sandbox.adapterFor('bitbucket', options);
    return { repos: adapter.repos({ token, kind: 'api_token', email: EMAIL }), events, adapter, token };
  }

  function makeRepo(name: string, extra: Record<string, unknown> = {}) {
    return sandbox.control('POST', '/repos', {
      forge: 'bitbucket',
      creator: 'octo',
      name,
      private: true,
      ...extra,
    });
  }

  async function branchesOf(owner: string, name: string): Promise<{ name: string; sha: string }[]> {
    const listed = await sandbox.control('GET', '/repos?forge=bitbucket');
    const all = z
      .array(
        z.looseObject({
          fullName: z.string(),
          branches: z.array(z.object({ name: z.string(), sha: z.string() })),
        }),
      )
      .parse(listed);
    return all.find((repo) => repo.fullName === `${owner}/${name}`)?.branches ?? [];
  }

  /** Clones through the sandbox's git hosting with the adapter's own gitTarget; the token only via a credential helper. */
  async function cloneWith(
    ctx: RepoSpecClient,
    owner: string,
    name: string,
    branch: string,
  ): Promise<string> {
    const target = ctx.adapter.gitTarget({ owner, name }, 'api_token');
    const dir = await scratchDir();
    scratch.push(dir);
    const cloned = await git(['clone', '--branch', branch, target.url, 'w'], {
      cwd: dir,
      auth: { username: target.username, password: ctx.token.reveal() },
    });
    expect(cloned.stderr).not.toMatch(/fatal/);
    return join(dir, 'w');
  }

  return { clientWith, makeRepo, branchesOf, cloneWith };
}
