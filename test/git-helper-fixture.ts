import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { type GitResult, runProcess, TEST_IDENTITY } from '../src/sandbox/git/git-client-fixture.js';
import type { RunningSandbox } from '../src/sandbox/index.js';
import type { Vault } from '../src/services/vault/index.js';
import { LOCAL_OWNER_ID } from '../src/store/index.js';

/** The built helper, as git runs it (`npm run build` makes dist/credential-helper.cjs). */
export const HELPER = fileURLToPath(new URL('../bin/git-credential-forgekeeper.cjs', import.meta.url));

export function requireBuiltHelper(): void {
  const bundle = fileURLToPath(new URL('../dist/credential-helper.cjs', import.meta.url));
  if (!existsSync(bundle) || !existsSync(fileURLToPath(new URL('../dist/git-local.js', import.meta.url)))) {
    throw new Error('dist/credential-helper.cjs or dist/git-local.js is missing: run `npm run build` first.');
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * An environment with nothing of the user's: an empty HOME (no ~/.gitconfig, no config file), no
 * system git config, no prompts. `extra` adds the helper's settings.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir('fk-home-');
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TMPDIR: tmpdir(),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    ...TEST_IDENTITY,
    FORGEKEEPER_CONFIG: join(home, 'no-config.json'),
    ...extra,
  };
}

/** The helper run directly, as git runs it: `git-credential-forgekeeper ACTION` with the request on stdin. */
export function helper(action: string, input: string, env: Record<string, string>): Promise<GitResult> {
  return runProcess(process.execPath, [HELPER, action], { env, input });
}

/**
 * git with only this helper configured (as `git setup` writes it, useHttpPath on unless `path` is
 * false), and `more` helpers after it.
 */
export function git(
  args: string[],
  options: { env: Record<string, string>; cwd: string; path?: boolean; more?: string[] },
): Promise<GitResult> {
  const config = [
    '-c',
    'credential.helper=',
    '-c',
    `credential.helper=${HELPER}`,
    ...(options.more ?? []).flatMap((value) => ['-c', `credential.helper=${value}`]),
    '-c',
    `credential.useHttpPath=${options.path === false ? 'false' : 'true'}`,
    '-c',
    'init.defaultBranch=main',
  ];
  return runProcess('git', [...config, ...args], { env: options.env, cwd: options.cwd });
}

/** Clone, commit, push, fetch: the round trip a developer makes, all through the helper. */
export async function roundTrip(url: string, env: Record<string, string>): Promise<void> {
  const dir = tempDir('fk-git-work-');
  const cloned = await git(['clone', url, 'work'], { env, cwd: dir });
  expect(cloned.code, cloned.stderr).toBe(0);
  const work = join(dir, 'work');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(work, 'change.txt'), `${Date.now()}\n`);
  expect((await git(['add', '-A'], { env, cwd: work })).code).toBe(0);
  expect((await git(['commit', '-q', '-m', 'change'], { env, cwd: work })).code).toBe(0);
  const pushed = await git(['push', 'origin', 'HEAD'], { env, cwd: work });
  expect(pushed.code, pushed.stderr).toBe(0);
  const fetched = await git(['fetch', 'origin'], { env, cwd: work });
  expect(fetched.code, fetched.stderr).toBe(0);
}

/** A sandbox token stored in the vault (inspected at the sandbox forge, as `tokens add` does). */
export async function storeToken(
  vault: Vault,
  sandbox: RunningSandbox,
  input: Parameters<RunningSandbox['control']['createToken']>[0],
  extra: { label?: string; makeDefault?: boolean; email?: string } = {},
): Promise<{ id: string; token: string; sandboxId: string }> {
  const issued = await sandbox.control.createToken(input);
  const forge = (input as { forge: 'github' | 'gitlab' | 'bitbucket' }).forge;
  const added = await vault.add({
    ownerId: LOCAL_OWNER_ID,
    raw: issued.token,
    forge,
    apiUrl: sandbox.urls[forge].api,
    actor: 'test',
    ...extra,
  });
  if (!added.ok) throw new Error(`vault.add: ${added.error.code} ${added.error.message}`);
  return { id: added.value.record.id, token: issued.token, sandboxId: issued.id };
}

/** git's request for a URL, as `credential fill` would send it with useHttpPath on. */
export function requestFor(url: string, extra = ''): string {
  const parsed = new URL(url);
  return `protocol=${parsed.protocol.slice(0, -1)}\nhost=${parsed.host}\npath=${parsed.pathname.slice(1)}\n${extra}\n`;
}
