import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '../src/domain/secret.js';
import { pushDirectory } from '../src/git/push/index.js';
import { gitEnv } from '../src/git/run-git.js';
import { issue, startSandboxProcess } from './sandbox-process.js';
import { median, round } from './stats.js';
import type { Bench, BenchResult } from './types.js';

const FILES = Number(process.env.BENCH_GIT_PUSH_FILES ?? 1000);
const FILE_BYTES = Number(process.env.BENCH_GIT_PUSH_FILE_BYTES ?? 5 * 1024);
const ROUNDS = Number(process.env.BENCH_GIT_PUSH_ROUNDS ?? 7);
const LOGIN = 'bench';

/** Runs git with the same clean environment Forgekeeper's pushes get; rejects on failure. */
function git(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: gitEnv({ HOME: cwd }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git ${args[0]}: ${stderr}`))));
  });
}

/** 1,000 files of 5 KB of random base64 text in 20 folders, one commit: 5 MB that does not compress away. */
async function makeRepository(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < FILES; i++) {
    const folder = join(dir, `dir-${i % 20}`);
    mkdirSync(folder, { recursive: true });
    const text = randomBytes(Math.ceil((FILE_BYTES * 3) / 4))
      .toString('base64')
      .slice(0, FILE_BYTES - 1);
    writeFileSync(join(folder, `file-${i}.txt`), `${text}\n`);
  }
  await git(['init', '--quiet', '--initial-branch=main'], dir);
  await git(['add', '--all'], dir);
  await git(
    ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '--quiet', '-m', 'bench'],
    dir,
  );
}

async function createRepo(control: string, name: string): Promise<string> {
  const response = await fetch(`${control}/repos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ forge: 'github', creator: LOGIN, name, private: true, initialize: false }),
  });
  if (response.status !== 201)
    throw new Error(`sandbox refused a repo: ${response.status} ${await response.text()}`);
  const view = (await response.json()) as { cloneUrl: string | null };
  if (!view.cloneUrl) throw new Error('the sandbox has no git hosting');
  return view.cloneUrl;
}

/** Times `push` only: the empty repository it pushes to is made first, untimed. */
async function timed(
  prepare: () => Promise<string>,
  push: (remoteUrl: string) => Promise<void>,
): Promise<number> {
  const remoteUrl = await prepare();
  const start = performance.now();
  await push(remoteUrl);
  return performance.now() - start;
}

/**
 * Forgekeeper's `pushDirectory` (credential socket, secret scan of every outgoing file, lease
 * bookkeeping) against plain `git push` with the token in a throwaway `git credential-store` file,
 * each pushing the same 1,000-file, 5 MB repository to a fresh empty sandbox repository.
 */
export const gitPush: Bench = {
  id: 'git-push',
  async run(): Promise<BenchResult> {
    const sandbox = await startSandboxProcess(0);
    const work = mkdtempSync(join(tmpdir(), 'fk-bench-push-'));
    // The baseline's credential file: its own token, issued for it alone, in a directory deleted after.
    const storeDir = mkdtempSync(join(tmpdir(), 'fk-bench-store-'));
    try {
      const repo = join(work, 'repo');
      await makeRepository(repo);
      const ours = await issue(sandbox.urls.control, {
        forge: 'github',
        kind: 'classic',
        login: LOGIN,
        scopes: ['repo'],
      });
      const theirs = await issue(sandbox.urls.control, {
        forge: 'github',
        kind: 'classic',
        login: LOGIN,
        scopes: ['repo'],
      });
      const store = join(storeDir, 'credentials');
      const web = new URL(sandbox.urls.github.web);
      writeFileSync(store, `${web.protocol}//${LOGIN}:${theirs}@${web.host}\n`, { mode: 0o600 });
      const token = new Secret(ours);

      let count = 0;
      const fresh = () => createRepo(sandbox.urls.control, `repo-${++count}`);
      const forgekeeper = async (remoteUrl: string) => {
        const pushed = await pushDirectory({ dir: repo, remoteUrl, username: LOGIN, token, branch: 'main' });
        if (!pushed.ok) throw new Error(`pushDirectory: ${pushed.error.code} ${pushed.error.message}`);
        // Every file must really have been scanned, or the comparison flatters us.
        if (pushed.value.filesScanned !== FILES)
          throw new Error(`scanned ${pushed.value.filesScanned} files`);
      };
      const baseline = async (remoteUrl: string) => {
        await git(
          [
            '-c',
            'credential.helper=',
            '-c',
            `credential.helper=store --file=${store}`,
            'push',
            '--quiet',
            remoteUrl,
            'HEAD:refs/heads/main',
          ],
          repo,
        );
      };
      // Warm-up: page cache, the sandbox's first http-backend runs.
      await baseline(await fresh());
      await forgekeeper(await fresh());
      const samples = { ours: [] as number[], baseline: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        // Interleaved, alternating who goes first, so drift in machine load hits both alike.
        const order = round % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
        for (const who of order)
          samples[who].push(await timed(fresh, who === 'ours' ? forgekeeper : baseline));
      }
      const ratio = median(samples.ours) / median(samples.baseline);
      const row = (what: string, values: number[]) => ({
        what,
        cells: [
          String(round(median(values), 0)),
          String(round(Math.min(...values), 0)),
          String(round(Math.max(...values), 0)),
        ],
      });
      return {
        title: 'Push a 1,000-file, 5 MB repository: `pushDirectory` against plain `git push`',
        issue: 5,
        method:
          `A repository of ${FILES.toLocaleString('en')} files of ${FILE_BYTES.toLocaleString('en')} bytes of random base64 text (${round((FILES * FILE_BYTES) / 2 ** 20, 1)} MiB, one commit), pushed to a fresh empty private repository of the sandbox's GitHub git hosting (git http-backend in the sandbox process, no added latency) each time. ` +
          'Timed: `pushDirectory({ dir, remoteUrl, username, token, branch })` — checks, a private directory, the credential socket; then at once `push --porcelain`, and beside it the scan of every file of the tip (rev-list + two `cat-file --batch` readers + the scan); our pre-push hook relays the commit the remote has for the branch (none here: a new branch, so that scan is the answer) and holds git until the scan has passed; clean-up. Both sides compete for the same 2 cores. ' +
          'Baseline, in the same run: `git push` of the same repository with the same clean git environment and its own token in a throwaway `git credential-store` file (temporary directory, deleted after). ' +
          `One warm-up each, then ${ROUNDS} interleaved rounds alternating who goes first; milliseconds per push (median, min, max). Creating each empty repository is not timed.`,
        columns: ['median ms', 'min ms', 'max ms'],
        rows: [
          row('baseline: `git push` with `credential-store`', samples.baseline),
          row('`pushDirectory` (repository)', samples.ours),
        ],
        ratio,
        ratioLabel: 'pushDirectory / git push, median',
        target: 'within 1.2×',
        met: ratio <= 1.2,
      };
    } finally {
      rmSync(storeDir, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
      await sandbox.stop();
    }
  },
};
