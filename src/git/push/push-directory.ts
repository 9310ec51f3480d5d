import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { secretDetectedError } from '../../domain/secret-scan/secret-detected-error.js';
import { type GitRunner, type RunGitOptions, redactText, runGit } from '../run-git.js';
import { type CredentialServer, startCredentialServer } from './credential-server.js';
import { scanOutgoing } from './outgoing-blobs.js';
import { mapRemoteFailure } from './push-errors.js';
import { checkPushOptions, type PushDirectoryOptions, type PushResult } from './push-options.js';
import { type PushSource, preparePushSource } from './push-source.js';

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
  let credentials: CredentialServer | null = null;
  try {
    const source = await preparePushSource(git, options, privateDir);
    if (!source.ok) return source;
    credentials = await startCredentialServer({
      dir: privateDir,
      url: url.value,
      username: options.username,
      token: options.token,
    });
    return await pushSource(git, options, source.value, credentials);
  } finally {
    await credentials?.close();
    await rm(privateDir, { recursive: true, force: true });
  }
}

async function pushSource(
  git: GitRunner,
  options: PushDirectoryOptions,
  source: PushSource,
  credentials: CredentialServer,
): Promise<Result<PushResult, FkError>> {
  const remote: RunGitOptions = { ...source.run, env: { ...source.run.env, ...credentials.env } };
  const remoteArgs = [...source.prefix, ...credentials.configArgs];
  // The scan of what would leave decides whether the push may happen. Without force, git push
  // starts at once and our pre-push hook holds it — after git has authenticated and read the
  // remote's refs, before anything is sent — until the verdict; a forced push needs the remote's
  // branch for its lease first, so it waits for the scan before starting.
  const gate = scanGate(git, options, source, remoteArgs, remote, credentials);
  if (options.force === true) {
    const passed = await gate;
    if (!passed.ok) return passed;
    credentials.setVerdict(Promise.resolve(true));
    return runPush(git, options, source, remoteArgs, remote, credentials, passed.value);
  }
  credentials.setVerdict(gate.then((passed) => passed.ok));
  const pushed = runPush(git, options, source, remoteArgs, remote, credentials, null);
  const passed = await gate;
  const result = await pushed;
  // A refused scan is the answer, whatever git said after the hook declined.
  if (!passed.ok) return passed;
  if (!result.ok) return result;
  return ok({
    ...result.value,
    filesScanned: passed.value.filesScanned,
    allowedFindings: passed.value.findings,
  });
}

interface GatePassed {
  heads: Map<string, string>;
  filesScanned: number;
  findings: PushResult['allowedFindings'];
}

/** The remote's branches and the scan of what the push would send: passed, or why not. */
async function scanGate(
  git: GitRunner,
  options: PushDirectoryOptions,
  source: PushSource,
  remoteArgs: string[],
  remote: RunGitOptions,
  credentials: CredentialServer,
): Promise<Result<GatePassed, FkError>> {
  const needRemote = source.kind === 'repository' || options.force === true;
  // While `ls-remote` waits on the network, every file of the tip is scanned: that is the answer
  // whenever the remote has no branch yet (a new repository, a plain directory). When it has some,
  // that scan is cancelled and the walk bounded by what the remote has is scanned instead.
  const speculation = new AbortController();
  const fullScan = scanOutgoing(git, withSignal(source, speculation.signal), source.tip, []);
  const heads = needRemote
    ? await listRemoteHeads(git, remoteArgs, remote, options, credentials)
    : ok(new Map<string, string>());
  const haves = heads.ok ? [...new Set(heads.value.values())] : [];
  if (!heads.ok || haves.length > 0) speculation.abort();
  const speculated = await fullScan;
  if (!heads.ok) return heads;
  const scanned = haves.length === 0 ? speculated : await scanOutgoing(git, source, source.tip, haves);
  if (!scanned.ok) return scanned;
  const { findings, filesScanned } = scanned.value;
  if (findings.length > 0 && options.allowSecrets !== true) return err(secretDetectedError(findings));
  return ok({ heads: heads.value, filesScanned, findings });
}

/** `git push --porcelain` of the tip to the branch; `passed` (forced pushes) carries the lease. */
async function runPush(
  git: GitRunner,
  options: PushDirectoryOptions,
  source: PushSource,
  remoteArgs: string[],
  remote: RunGitOptions,
  credentials: CredentialServer,
  passed: GatePassed | null,
): Promise<Result<PushResult, FkError>> {
  const target = `refs/heads/${options.branch}`;
  const lease =
    options.force === true ? [`--force-with-lease=${target}:${passed?.heads.get(target) ?? ''}`] : [];
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

function withSignal(source: PushSource, signal: AbortSignal): PushSource {
  return { ...source, run: { ...source.run, signal } };
}

/** `ls-remote --heads`: ref name → commit. */
async function listRemoteHeads(
  git: GitRunner,
  remoteArgs: string[],
  remote: RunGitOptions,
  options: PushDirectoryOptions,
  credentials: CredentialServer,
): Promise<Result<Map<string, string>, FkError>> {
  const listed = await git([...remoteArgs, 'ls-remote', '--heads', options.remoteUrl], remote);
  if (!listed.ok) return listed;
  if (listed.value.exitCode !== 0) {
    return err(
      mapRemoteFailure({
        step: 'ls-remote',
        stderr: listed.value.stderr,
        porcelain: '',
        credentials: credentials.stats,
      }),
    );
  }
  const heads = new Map<string, string>();
  for (const line of listed.value.stdout.toString('utf8').split('\n')) {
    const [sha, ref] = line.split('\t');
    if (sha && ref) heads.set(ref, sha);
  }
  return ok(heads);
}

/** The flag of the porcelain line for `target`: ` ` fast-forward, `+` forced, `*` new, `=` up to date. */
function porcelainFlag(porcelain: string, target: string): string | null {
  const line = porcelain.split('\n').find((entry) => entry.split('\t')[1]?.endsWith(`:${target}`));
  return line?.charAt(0) ?? null;
}
