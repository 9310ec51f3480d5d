import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../domain/secret.js';
import { makeToken } from '../domain/tokens/__fixtures__/make-token.js';
import { gitEnv, runGit } from './run-git.js';

describe('gitEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('passes PATH and proxies through, drops inherited git and Node variables, turns every prompt off', () => {
    process.env.GIT_DIR = '/elsewhere/.git';
    process.env.GIT_CONFIG_PARAMETERS = "'credential.helper'='store'";
    process.env.NODE_OPTIONS = '--require /tmp/x.js';
    process.env.GIT_ASKPASS = '/usr/bin/askpass';
    process.env.HTTPS_PROXY = 'http://proxy:3128';
    const env = gitEnv({ HOME: '/private' });
    expect(env).toMatchObject({
      PATH: process.env.PATH,
      HTTPS_PROXY: 'http://proxy:3128',
      HOME: '/private',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: '',
      SSH_ASKPASS: '',
      LC_ALL: 'C',
    });
    expect(env.GIT_DIR).toBeUndefined();
    expect(env.GIT_CONFIG_PARAMETERS).toBeUndefined();
    expect(env.NODE_OPTIONS).toBeUndefined();
  });
});

describe('runGit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'run-git-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves with the exit code and scrubs the given secrets from stderr', async () => {
    const token = makeToken('github', 'classic', { seed: 3 });
    const init = await runGit(['init', '--quiet', dir]);
    expect(init).toMatchObject({ ok: true, value: { exitCode: 0 } });
    const shown = await runGit(['show', token], { cwd: dir, redact: [new Secret(token)] });
    expect(shown.ok).toBe(true);
    if (!shown.ok) return;
    expect(shown.value.exitCode).toBe(128);
    expect(shown.value.stderr).toContain('ghp_…');
    expect(shown.value.stderr).not.toContain(token);
  });

  it('writes input to stdin and reports a cancelled run as git_failed', async () => {
    const hashed = await runGit(['hash-object', '--stdin'], { cwd: dir, input: 'hello\n' });
    expect(hashed.ok && hashed.value.stdout.toString().trim()).toBe(
      'ce013625030ba8dba906f756967f9e9ca394464a',
    );
    const controller = new AbortController();
    controller.abort();
    const cancelled = await runGit(['version'], { signal: controller.signal });
    expect(cancelled).toMatchObject({
      ok: false,
      error: { code: 'git_failed', details: { cancelled: true } },
    });
  });
});
