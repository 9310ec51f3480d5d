import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../src/sandbox/git/git-client-fixture.js';
import { githubClassic, gitlabPersonal } from '../src/sandbox/testing/factories.js';
import { useSandbox } from '../src/sandbox/testing/sandbox-fixture.js';
import { openVault, type Vault } from '../src/services/vault/index.js';
import { TEST_ADAPTER } from '../src/services/vault/testing/vault-target.js';
import {
  cleanEnv,
  HELPER,
  helper,
  requestFor,
  requireBuiltHelper,
  storeToken,
  tempDir,
} from './git-helper-fixture.js';
import { runCli } from './support/cli.js';
import { findLeaks } from './support/leaks.js';

/** The CLI around the helper: rules, setup, doctor, the agent and exec, as a user runs them. */
const context = useSandbox();

describe('forgekeeper git / agent / exec', () => {
  let vault: Vault;
  let dataDir: string;
  let env: Record<string, string>;
  const secrets: string[] = [];

  beforeAll(async () => {
    requireBuiltHelper();
    dataDir = tempDir('fk-git-cli-');
    const opened = await openVault({ dataDir, env: {}, adapter: TEST_ADAPTER });
    if (!opened.ok) throw new Error(opened.error.message);
    vault = opened.value;
    env = cleanEnv({
      FORGEKEEPER_DATA_DIR: dataDir,
      FORGEKEEPER_AGENT_SOCK: join(tempDir('fk-sock-'), 'agent.sock'),
    });
  });
  afterAll(async () => {
    await runCli(['agent', 'stop'], { env });
    await vault.close();
  });

  const cli = (args: string[], stdin?: string) =>
    runCli(args, { env, ...(stdin === undefined ? {} : { stdin }) });

  it('rules choose the token; doctor explains why without printing it; setup writes git config once', async () => {
    const { sandbox } = context;
    const work = await storeToken(vault, sandbox, githubClassic({ login: 'octo', scopes: ['repo'] }), {
      label: 'work',
    });
    const personal = await storeToken(vault, sandbox, githubClassic({ login: 'hubot', scopes: ['repo'] }), {
      label: 'personal',
    });
    secrets.push(work.token, personal.token);
    const web = sandbox.urls.github.web;
    const host = new URL(web).host;

    const added = await cli(['git', 'rule', 'add', `${host}/github/hubot/*`, 'personal']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`Rule ${host}/github/hubot/* → token "personal".`);
    expect((await cli(['git', 'rule', 'add', `${host}/github/hubot/*`, 'work'])).code).toBe(1);
    expect((await cli(['git', 'rule', 'add', 'not a pattern', 'work'])).code).toBe(2);
    const listed = await cli(['git', 'rule', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { pattern: `${host}/github/hubot/*`, tokenId: personal.id },
    ]);

    // doctor: as git would ask. With useHttpPath off, the rule cannot apply.
    const blind = await cli(['git', 'doctor', `${web}/hubot/app.git`]);
    expect(blind.code).toBe(0);
    expect(blind.stdout).toContain('useHttpPath is off');
    expect(blind.stdout).toContain('Result: work (default)');
    const doctor = await cli(['git', 'doctor', '--json', `${web}/hubot/app.git`], undefined);
    const setup = await cli(['git', 'setup']);
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toContain(`wrote    git config --global --add credential.helper ${HELPER}`);
    expect(setup.stdout).toContain(`wrote    git config --global credential.http://${host}.useHttpPath true`);
    const again = await cli(['git', 'setup']);
    expect(again.stdout).not.toContain('wrote');
    const gitconfig = readFileSync(join(env.HOME ?? '', '.gitconfig'), 'utf8');
    expect(gitconfig.match(/helper = /g)).toHaveLength(1);
    const config = join(env.HOME ?? '', 'no-config.json');
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ dataDir });
    expect(statSync(config).mode & 0o777).toBe(0o600);

    const explained = JSON.parse((await cli(['git', 'doctor', '--json', `${web}/hubot/app.git`])).stdout);
    expect(explained).toMatchObject({
      useHttpPath: true,
      reason: 'rule',
      token: { id: personal.id, account: 'hubot' },
    });
    expect(JSON.parse(doctor.stdout)).toMatchObject({ useHttpPath: false, reason: 'default' });
    expect((await cli(['git', 'doctor', 'https://nowhere.example/x/y.git'])).code).toBe(1);
    for (const run of [added, listed, blind, doctor, setup])
      expect(findLeaks(run.stdout + run.stderr, secrets)).toEqual([]);

    expect((await cli(['git', 'rule', 'remove', `${host}/github/hubot/*`])).code).toBe(0);
    expect(JSON.parse((await cli(['git', 'rule', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('agent start answers the helper; status and stop', async () => {
    const { sandbox } = context;
    const stored = await storeToken(vault, sandbox, gitlabPersonal({ login: 'tanuki', scopes: ['api'] }));
    secrets.push(stored.token);
    expect((await cli(['agent', 'status'])).code).toBe(1);
    const started = await cli(['agent', 'start']);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/Agent started \(pid \d+\)/);
    const socket = env.FORGEKEEPER_AGENT_SOCK ?? '';
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    const repo = await sandbox.control.createRepo({
      forge: 'gitlab',
      creator: 'tanuki',
      name: 'agent',
      private: true,
    });
    const answer = await helper('get', requestFor(repo.cloneUrl ?? ''), env);
    expect(answer.stdout).toContain(`password=${stored.token}`);
    expect(JSON.parse((await cli(['agent', 'status', '--json'])).stdout)).toMatchObject({
      running: true,
      answered: 1,
    });
    expect((await cli(['agent', 'stop'])).stdout).toContain('stopped');
    expect((await cli(['agent', 'status'])).code).toBe(1);
  });

  it('exec gives the child the tokens in its environment and git the helper, nowhere else', async () => {
    const { sandbox } = context;
    // The sandbox was reset: a fresh token, exposed by its label.
    const ci = await storeToken(vault, sandbox, githubClassic({ login: 'octo', scopes: ['repo'] }), {
      label: 'ci',
    });
    secrets.push(ci.token);
    const repo = await sandbox.control.createRepo({
      forge: 'github',
      creator: 'octo',
      name: 'ci',
      private: true,
    });
    const host = new URL(repo.cloneUrl ?? '').host;
    expect((await cli(['git', 'rule', 'add', `${host}/github/octo/*`, 'ci'])).code).toBe(0);
    const script = [
      'test -n "$GH_TOKEN" && test "$GH_TOKEN" = "$GITHUB_TOKEN" || exit 3',
      'test "$GIT_CONFIG_KEY_0" = credential.helper || exit 4',
      `git clone -q ${repo.cloneUrl} "$1/clone" || exit 5`,
      'printf "%s" "$GH_TOKEN" | wc -c',
    ].join('\n');
    const dir = tempDir('fk-exec-');
    const run = await cli(['exec', '--token', 'ci', '--', 'sh', '-c', script, 'sh', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(String(ci.token.length));
    expect(findLeaks(run.stdout + run.stderr, secrets)).toEqual([]);
    // The command's exit code is exec's.
    expect((await cli(['exec', '--', 'sh', '-c', 'exit 7'])).code).toBe(7);
    const outside = await runProcess('sh', ['-c', 'printenv GH_TOKEN || echo none'], { env });
    expect(outside.stdout.trim()).toBe('none');
  });
});
