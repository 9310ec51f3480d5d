import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { scanContent } from '../../domain/secret-scan/scan.js';
import type { Finding } from '../../domain/secret-scan/types.js';
import type { GitRunner, RunGitOptions } from '../run-git.js';
import { gitFailure } from './push-errors.js';

/** What the scan of the objects a push would send found. */
export interface OutgoingScan {
  /** Blobs (file versions) scanned. */
  filesScanned: number;
  findings: Finding[];
}

/**
 * Scans every file version the push would send: the blobs reachable from `tip` but not from any of
 * `haves` (commits the remote already has), with the path they first appear under. That is every
 * commit not yet on the remote, not just the last one: a secret added and then removed still
 * leaves in the history. With no `haves` (a new branch on an empty remote, a plain directory),
 * every file of `tip` is scanned.
 */
export async function scanOutgoing(
  git: GitRunner,
  repository: { prefix: readonly string[]; run: RunGitOptions },
  tip: string,
  haves: readonly string[],
): Promise<Result<OutgoingScan, FkError>> {
  const options = repository.run;
  const prefix = repository.prefix;
  const present = await presentCommits(git, prefix, options, haves);
  if (!present.ok) return present;
  const listed = await git([...prefix, 'rev-list', '--objects', '--filter=object:type=blob', '--stdin'], {
    ...options,
    input: `${[tip, ...present.value.map((sha) => `^${sha}`)].join('\n')}\n`,
  });
  if (!listed.ok) return listed;
  if (listed.value.exitCode !== 0) return err(gitFailure('rev-list', listed.value.stderr));
  const paths = new Map<string, string>();
  for (const line of listed.value.stdout.toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    // Commits are listed without a path; blobs as `<sha> <path>`.
    if (space > 0) paths.set(line.slice(0, space), line.slice(space + 1));
  }
  return readAndScan(git, prefix, options, paths);
}

/** Which of the remote's tips exist here: only those can bound the walk. */
async function presentCommits(
  git: GitRunner,
  prefix: readonly string[],
  options: RunGitOptions,
  shas: readonly string[],
): Promise<Result<string[], FkError>> {
  if (shas.length === 0) return ok([]);
  const checked = await git([...prefix, 'cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    ...options,
    input: `${shas.join('\n')}\n`,
  });
  if (!checked.ok) return checked;
  return ok(
    checked.value.stdout
      .toString('utf8')
      .split('\n')
      .filter((line) => line.endsWith(' commit'))
      .map((line) => line.slice(0, line.indexOf(' '))),
  );
}

/** Blobs per `cat-file` reader; above this the blobs are split over two readers (git's reading dominates). */
const BLOBS_PER_READER = 256;

/**
 * Reads and scans the blobs with two `cat-file --batch` processes at once when there are many:
 * inflating loose objects is most of a scan's time, and it is git's, on another core.
 */
async function readAndScan(
  git: GitRunner,
  prefix: readonly string[],
  options: RunGitOptions,
  paths: ReadonlyMap<string, string>,
): Promise<Result<OutgoingScan, FkError>> {
  if (paths.size < BLOBS_PER_READER * 2) return readAndScanOne(git, prefix, options, paths);
  const entries = [...paths];
  const half = Math.ceil(entries.length / 2);
  const parts = await Promise.all(
    [entries.slice(0, half), entries.slice(half)].map((part) =>
      readAndScanOne(git, prefix, options, new Map(part)),
    ),
  );
  const findings: Finding[] = [];
  let filesScanned = 0;
  for (const part of parts) {
    if (!part.ok) return part;
    findings.push(...part.value.findings);
    filesScanned += part.value.filesScanned;
  }
  return ok({ filesScanned, findings });
}

/** `cat-file --batch`, scanning each blob as soon as it is complete, so memory holds one blob at a time. */
async function readAndScanOne(
  git: GitRunner,
  prefix: readonly string[],
  options: RunGitOptions,
  paths: ReadonlyMap<string, string>,
): Promise<Result<OutgoingScan, FkError>> {
  if (paths.size === 0) return ok({ filesScanned: 0, findings: [] });
  const findings: Finding[] = [];
  let filesScanned = 0;
  const parser = batchParser((sha, content) => {
    filesScanned++;
    findings.push(...scanContent(paths.get(sha) ?? sha, content));
  });
  const read = await git([...prefix, 'cat-file', '--batch'], {
    ...options,
    input: `${[...paths.keys()].join('\n')}\n`,
    onStdout: parser,
  });
  if (!read.ok) return read;
  if (read.value.exitCode !== 0) return err(gitFailure('cat-file', read.value.stderr));
  return ok({ filesScanned, findings });
}

/**
 * A push parser of `cat-file --batch` output: `<sha> <type> <size>\n<content>\n` per object
 * (`<sha> missing\n` for none). Chunks arrive in any sizes.
 */
export function batchParser(onObject: (sha: string, content: Uint8Array) => void): (chunk: Buffer) => void {
  // Chunks are kept in a list and joined once an object is complete: joining on every chunk would
  // copy a large blob over and over.
  let chunks: Buffer[] = [];
  let length = 0;
  let current: { sha: string; size: number } | null = null;
  const joined = (): Buffer => {
    const all = chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(chunks, length);
    chunks = [all];
    return all;
  };
  const keep = (rest: Buffer): void => {
    chunks = rest.length === 0 ? [] : [rest];
    length = rest.length;
  };
  return (chunk) => {
    chunks.push(chunk);
    length += chunk.length;
    for (;;) {
      if (current === null) {
        const all = joined();
        const newline = all.indexOf(0x0a);
        if (newline === -1) return;
        const [sha = '', type = '', size = ''] = all.subarray(0, newline).toString('utf8').split(' ');
        keep(all.subarray(newline + 1));
        if (type === 'missing' || size === '') continue;
        current = { sha, size: Number(size) };
      }
      if (length < current.size + 1) return;
      const all = joined();
      onObject(current.sha, all.subarray(0, current.size));
      keep(all.subarray(current.size + 1));
      current = null;
    }
  };
}
