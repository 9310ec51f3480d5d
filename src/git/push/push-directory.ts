import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { type GitRunner, redactText, runGit } from '../run-git.js';
import { type CredentialServer, startCredentialServer } from './credential-server.js';
import { mapRemoteFailure } from './push-errors.js';
import { checkPushOptions, type PushDirectoryOptions, type PushResult } from './push-options.js';
import { type PushSource, preparePushSource } from './push-source.js';
import { type GateContext, type GatePassed, hookGate, remoteGate } from './scan-gate.js';

/**
 * Pushes a repository's branch, or a plain directory as one commit, to `remoteUrl` with system git
 * (issue 5 §1; docs/push.md). The token reaches git only from memory, through a credential helper
 * that asks this process over a private socket; before anything leaves, the objects the remote
 * lacks are scanned for secrets and the push is refused (`secret_detected`) unless `allowSecrets`.
 */
export async function pushDirectory(options: PushDirectoryOptions): Promise<Result<PushResult, FkError>> {
  const url = checkPushOptions(options);
  if (!url.ok) return url;
  const git = options.git ?? runGit;
  // mkdtemp makes the directory 0700: the socket, the helper and a plain directory's git data live here.
  const privateDir = await mkdtemp(join(tmpdir(), 'fk-push-'));
  // The source is read while the credential socket opens: both come before git can start.
  const credentials = startCredentialServer({
    dir: privateDir,
    url: url.value,
    username: options.username,
    token: options.token,
  });
  try {
    const [source, server] = await Promise.all([preparePushSource(git, options, privateDir), credentials]);
    if (!source.ok) return source;
    return await pushSource(git, options, source.value, server);
  } finally {
    await (await credentials.catch(() => null))?.close();
    await rm(privateDir, { recursive: true, force: true });
  }
}

async function pushSource(
  git: GitRunner,
  options: PushDirectoryOptions,
  source: PushSource,
  credentials: CredentialServer,
): Promise<Result<PushResult, FkError>> {
  const context: GateContext = {
    git,
    options,
    source,
    remoteArgs: [...source.prefix, ...credentials.configArgs],
    remote: { ...source.run, env: { ...source.run.env, ...credentials.env } },
    credentials,
  };
  // The scan of what would leave decides whether the push may happen. A forced push needs the
  // remote's branch for its lease first, so it lists the remote and scans before git starts.
  if (options.force === true) {
    const passed = await remoteGate(context);
    if (!passed.ok) return passed;
    credentials.setVerdict(async () => true);
    return runPush(context, passed.value);
  }
  // Without force git starts at once, and our pre-push hook holds it — after git has authenticated
  // and read the remote's refs, before anything is sent — until the scan's verdict.
  let gate: ReturnType<typeof hookGate> | null = null;
  credentials.setVerdict(async (refs) => (gate === null ? false : (await gate.decide(refs)).ok));
  // git is started first: its start-up and the remote's answer are the longer way to the hook.
  const pushing = runPush(context, null);
  gate = hookGate(context);
  const result = await pushing;
  const passed = await gate.settle();
  // A refused scan is the answer, whatever git said after the hook declined.
  if (passed !== null && !passed.ok) return passed;
  if (!result.ok) return result;
  return ok({
    ...result.value,
    filesScanned: passed?.value.filesScanned ?? 0,
    allowedFindings: passed?.value.findings ?? [],
  });
}

/** `git push --porcelain` of the tip to the branch; `passed` (forced pushes) carries the lease. */
async function runPush(
  context: GateContext,
  passed: GatePassed | null,
): Promise<Result<PushResult, FkError>> {
  const { git, options, source, remoteArgs, remote, credentials } = context;
  const target = `refs/heads/${options.branch}`;
  const lease =
    options.force === true ? [`--force-with-lease=${target}:${passed?.heads?.get(target) ?? ''}`] : [];
  const pushed = await git(
    [
      ...remoteArgs,
      'push',
      '--porcelain',
      '--no-progress',
      '--recurse-submodules=no',
      ...lease,
      options.remoteUrl,
      `${source.tip}:${target}`,
    ],
    remote,
  );
  if (!pushed.ok) return pushed;
  const porcelain = redactText(pushed.value.stdout.toString('utf8'), [options.token]);
  if (pushed.value.exitCode !== 0) {
    return err(
      mapRemoteFailure({
        step: 'push',
        stderr: pushed.value.stderr,
        porcelain,
        credentials: credentials.stats,
      }),
    );
  }
  return ok({
    branch: options.branch,
    sha: source.tip,
    remoteUrl: options.remoteUrl,
    filesScanned: passed?.filesScanned ?? 0,
    forced: porcelainFlag(porcelain, target) === '+',
    allowedFindings: passed?.findings ?? [],
  });
}

/** The flag of the porcelain line for `target`: ` ` fast-forward, `+` forced, `*` new, `=` up to date. */
function porcelainFlag(porcelain: string, target: string): string | null {
  const line = porcelain.split('\n').find((entry) => entry.split('\t')[1]?.endsWith(`:${target}`));
  return line?.charAt(0) ?? null;
}
