import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { secretDetectedError } from '../../domain/secret-scan/secret-detected-error.js';
import type { Finding } from '../../domain/secret-scan/types.js';
import type { GitRunner, RunGitOptions } from '../run-git.js';
import type { CredentialServer, PushedRef } from './credential-server.js';
import { type OutgoingScan, scanOutgoing } from './outgoing-blobs.js';
import { mapRemoteFailure } from './push-errors.js';
import type { PushDirectoryOptions } from './push-options.js';
import type { PushSource } from './push-source.js';

/** One push: how to run git on the source and against the remote. */
export interface GateContext {
  git: GitRunner;
  options: PushDirectoryOptions;
  source: PushSource;
  /** Arguments before the git command for remote runs: the source's prefix and the credential helper. */
  remoteArgs: string[];
  remote: RunGitOptions;
  credentials: CredentialServer;
}

export interface GatePassed {
  /** The remote's branches, when they were listed (`ls-remote`); null when the hook's refs sufficed. */
  heads: Map<string, string> | null;
  filesScanned: number;
  findings: Finding[];
}

/** The scan found nothing to refuse, or the caller allows what it found. */
function verdict(options: PushDirectoryOptions, scanned: OutgoingScan): Result<GatePassed, FkError> {
  const { findings, filesScanned } = scanned;
  if (findings.length > 0 && options.allowSecrets !== true) return err(secretDetectedError(findings));
  return ok({ heads: null, filesScanned, findings });
}

/**
 * The gate of a push without force. Every file of the tip is scanned from the start, while git
 * starts, authenticates and reads the remote's refs; git then runs our pre-push hook with the
 * branch's commit on the remote (githooks(5)), and `decide` answers it:
 * - the branch is new there: the scan of every file is the answer — it covers all that can leave;
 * - the branch exists: that scan is cancelled and the commits after the remote's are scanned.
 * Either covers what leaves, and possibly more (other remote branches may already hold some of
 * it). Clean, the push goes; with findings, `ls-remote` bounds the scan by every remote branch
 * before the push is refused, so a secret the remote already has does not block a push.
 */
export function hookGate(context: GateContext): {
  decide(refs: readonly PushedRef[]): Promise<Result<GatePassed, FkError>>;
  /** Once git is done: the answer given, or null when git stopped before asking (the scan is cancelled). */
  settle(): Promise<Result<GatePassed, FkError> | null>;
} {
  const speculation = new AbortController();
  const fullScan = scanOutgoing(
    context.git,
    withSignal(context.source, speculation.signal),
    context.source.tip,
    [],
  );
  let decision: Promise<Result<GatePassed, FkError>> | null = null;
  return {
    decide(refs) {
      decision ??= decide(context, refs, fullScan, speculation);
      return decision;
    },
    async settle() {
      if (decision !== null) return decision;
      speculation.abort();
      await fullScan;
      return null;
    },
  };
}

const ZERO_SHA = /^0+$/;

async function decide(
  context: GateContext,
  refs: readonly PushedRef[],
  fullScan: Promise<Result<OutgoingScan, FkError>>,
  speculation: AbortController,
): Promise<Result<GatePassed, FkError>> {
  const target = `refs/heads/${context.options.branch}`;
  // The refspec is `<tip>:<target>`: git lists that one ref, or none when it sends nothing for it
  // (already up to date).
  const pushed = refs.find((ref) => ref.remoteRef === target);
  const remoteSha = pushed === undefined || ZERO_SHA.test(pushed.remoteSha) ? null : pushed.remoteSha;
  if (pushed === undefined || remoteSha !== null) speculation.abort();
  const speculated = await fullScan;
  if (pushed === undefined) return ok({ heads: null, filesScanned: 0, findings: [] });
  const { git, source } = context;
  const scanned = remoteSha === null ? speculated : await scanOutgoing(git, source, source.tip, [remoteSha]);
  if (!scanned.ok) return scanned;
  // A plain directory's commit is new everywhere: there is nothing to narrow.
  if (scanned.value.findings.length === 0 || source.kind === 'plain')
    return verdict(context.options, scanned.value);
  return remoteGate(context);
}

/**
 * The gate bounded by every branch the remote has (`ls-remote --heads`): forced pushes need the
 * remote branch's commit for their lease before git starts, and findings are narrowed with it.
 * While `ls-remote` waits on the network every file of the tip is scanned: that is the answer when
 * the remote has no branch; when it has some, the walk they bound is scanned instead.
 */
export async function remoteGate(context: GateContext): Promise<Result<GatePassed, FkError>> {
  const { git, source } = context;
  const speculation = new AbortController();
  const fullScan = scanOutgoing(git, withSignal(source, speculation.signal), source.tip, []);
  const heads = await listRemoteHeads(context);
  const haves = heads.ok ? [...new Set(heads.value.values())] : [];
  if (!heads.ok || haves.length > 0) speculation.abort();
  const speculated = await fullScan;
  if (!heads.ok) return heads;
  const scanned = haves.length === 0 ? speculated : await scanOutgoing(git, source, source.tip, haves);
  if (!scanned.ok) return scanned;
  const passed = verdict(context.options, scanned.value);
  return passed.ok ? ok({ ...passed.value, heads: heads.value }) : passed;
}

function withSignal(source: PushSource, signal: AbortSignal): PushSource {
  return { ...source, run: { ...source.run, signal } };
}

/** `ls-remote --heads`: ref name → commit. */
async function listRemoteHeads(context: GateContext): Promise<Result<Map<string, string>, FkError>> {
  const { git, remoteArgs, remote, options, credentials } = context;
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
