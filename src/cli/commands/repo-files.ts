import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { CommitFile } from '../../services/repos/index.js';
import { usageError } from '../parse-options.js';

/** What `repo commit` read from disk: the files, and the symbolic links it left out. */
export interface ReadFiles {
  files: CommitFile[];
  skippedLinks: string[];
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every regular file under `dir`, as repository paths (`/`-separated, relative to `dir`) with its
 * bytes and executable bit. `.git` directories are skipped (their content is git's, not the
 * repository's); symbolic links are left out and reported, as the commit APIs take file contents.
 */
export async function readDirectory(dir: string): Promise<ReadFiles> {
  if (!(await isDirectory(dir)))
    throw usageError(`--dir ${dir} is not a directory.`, 'Give a directory to commit.');
  const found: string[] = [];
  const skippedLinks: string[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') await walk(full);
      } else if (entry.isSymbolicLink()) skippedLinks.push(repoPath(dir, full));
      else if (entry.isFile()) found.push(full);
    }
  };
  await walk(dir);
  found.sort();
  const files: CommitFile[] = [];
  // A few reads at a time: thousands of small files, without thousands of open descriptors.
  for (let i = 0; i < found.length; i += 64) {
    const batch = await Promise.all(found.slice(i, i + 64).map((full) => readOne(repoPath(dir, full), full)));
    files.push(...batch);
  }
  return { files, skippedLinks };
}

/** `--file path=localpath`: the repository path and the local file whose bytes it gets. */
export async function readFileOptions(values: readonly string[]): Promise<CommitFile[]> {
  return Promise.all(
    values.map(async (value) => {
      const cut = value.indexOf('=');
      if (cut <= 0 || cut === value.length - 1) {
        throw usageError(
          `--file ${value} is not path=localpath.`,
          'For example --file src/app.ts=./build/app.ts.',
        );
      }
      const local = value.slice(cut + 1);
      const info = await stat(local).catch(() => null);
      if (info === null || !info.isFile()) {
        throw usageError(
          `--file: ${local} is not a readable file.`,
          'Give the path of a regular file after "=".',
        );
      }
      return readOne(value.slice(0, cut), local);
    }),
  );
}

async function readOne(path: string, local: string): Promise<CommitFile> {
  const [content, info] = await Promise.all([readFile(local), stat(local)]);
  return { path, content, ...((info.mode & 0o100) !== 0 ? { executable: true } : {}) };
}

function repoPath(dir: string, full: string): string {
  return relative(dir, full).split(sep).join('/');
}
