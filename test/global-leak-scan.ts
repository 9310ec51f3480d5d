import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Vitest global setup: the suite-wide leak canary. Every temp directory the tests make (data dirs,
// SQLite databases and their WAL, key files, logs, repositories) is put under one scratch root via
// TMPDIR, and every token the sandbox forges issue is registered as a canary (src/sandbox/canary.ts).
// After the last test, every file under the root is searched for every canary; one hit fails the run.

const MAX_FILE_BYTES = 64 * 1024 * 1024;
const PREFIX = /^(github_pat_|gh[a-z]_|gl[a-z]+-|ATATT3|ATCTT3|ATBB)/;
const PROBE = 10;

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'forgekeeper-suite-'));
  const scratch = join(root, 'tmp');
  mkdirSync(scratch);
  const canaryFile = join(root, 'canaries.txt');
  process.env.TMPDIR = scratch;
  process.env.FORGEKEEPER_CANARY_FILE = canaryFile;
  process.env.FORGEKEEPER_SUITE_SCRATCH = scratch;

  return () => {
    try {
      const canaries = readCanaries(canaryFile);
      const leaks = scan(scratch, canaries);
      process.stdout.write(
        `leak canary: ${canaries.length} canary tokens, ${leaks.files} files scanned, no leak\n`,
      );
      if (leaks.hits.length > 0) {
        // Vitest reports an error thrown here but still exits 0; the exit code is what CI reads.
        process.exitCode = 1;
        throw new Error(
          `leak canary: token text found in files written by the suite:\n${leaks.hits.join('\n')}`,
        );
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
}

function readCanaries(file: string): string[] {
  try {
    return [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))];
  } catch {
    return [];
  }
}

/** Index: the first PROBE characters after each token's prefix → the token bodies that start so. */
function index(canaries: readonly string[]): Map<string, string[]> {
  const byProbe = new Map<string, string[]>();
  for (const token of canaries) {
    const body = token.slice(PREFIX.exec(token)?.[0].length ?? 0);
    const probe = body.slice(0, PROBE);
    byProbe.set(probe, [...(byProbe.get(probe) ?? []), body]);
  }
  return byProbe;
}

function scan(dir: string, canaries: readonly string[]): { files: number; hits: string[] } {
  const byProbe = index(canaries);
  const hits: string[] = [];
  let files = 0;
  for (const path of walk(dir)) {
    const bytes = readFileSync(path);
    files++;
    // Latin-1 keeps every byte as one character (UTF-8 text included); UTF-16 catches wide strings.
    for (const text of [bytes.toString('latin1'), bytes.toString('utf16le')]) {
      const found = findIn(text, byProbe);
      if (found) {
        hits.push(`${path}: …${found.slice(-4)}`);
        break;
      }
    }
  }
  return { files, hits };
}

function findIn(text: string, byProbe: Map<string, string[]>): string | null {
  for (let i = 0; i + PROBE <= text.length; i++) {
    const bodies = byProbe.get(text.slice(i, i + PROBE));
    if (!bodies) continue;
    const body = bodies.find((candidate) => text.startsWith(candidate, i));
    if (body) return body;
  }
  return null;
}

function* walk(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) yield* walk(path);
    else if (stat.isFile() && stat.size <= MAX_FILE_BYTES) yield path;
  }
}
