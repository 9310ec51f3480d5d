import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_KEY_FILE, encodeMasterKey, type MasterKey } from '../../crypto/index.js';
import { createKeyFile, readKeyFile, syncDirectory } from '../../crypto/key-file.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { SQLITE_FILE_NAME } from '../../store/index.js';

/**
 * The master-key files of the data directory (default key mode, no FORGEKEEPER_MASTER_KEY[_FILE]):
 * - `master.key`: the key this installation starts with;
 * - `master.key.next`: a rotation's new key, from before it is registered until it is promoted;
 * - `master.key.<id>.previous`: an older key that rows may still need (loaded by every process);
 * - `master.key.<id>.retired`: a key no row uses any more, kept as a backup (never loaded).
 * Every file is written whole or not at all (temporary name, fsync, rename) with mode 0600, and no
 * step ever removes the last copy of a key: a SIGKILL between any two steps leaves every key that a
 * row can name in a file a restarted process loads.
 */
export const NEXT_KEY_FILE = `${DEFAULT_KEY_FILE}.next`;

export type KeyFileRole = 'main' | 'next' | 'previous' | 'retired';

export interface DataDirKey {
  key: MasterKey;
  path: string;
  role: KeyFileRole;
}

const ARCHIVED = /^master\.key\.([0-9a-f]{16})\.(previous|retired)$/;
/** The temporary names `createKeyFile` and `writeKeyFile` use; left behind only by a killed process. */
const TEMPORARY = /^\.master\.key.*\.tmp$/;

/**
 * False only for SQLite when `<dataDir>/forgekeeper.db` is not there: commands that only look
 * (`keys status`) or need an existing database (`keys rotate`) must not create one.
 */
export function databaseMayExist(dataDir: string, databaseUrl: string | undefined): boolean {
  return databaseUrl !== undefined || existsSync(join(dataDir, SQLITE_FILE_NAME));
}

export function mainKeyPath(dataDir: string): string {
  return resolve(join(dataDir, DEFAULT_KEY_FILE));
}

export function nextKeyPath(dataDir: string): string {
  return resolve(join(dataDir, NEXT_KEY_FILE));
}

export function previousKeyPath(dataDir: string, id: string): string {
  return resolve(join(dataDir, `${DEFAULT_KEY_FILE}.${id}.previous`));
}

export function retiredKeyPath(dataDir: string, id: string): string {
  return resolve(join(dataDir, `${DEFAULT_KEY_FILE}.${id}.retired`));
}

/**
 * The keys of the data directory other than `master.key`, which `loadMasterKey` reads. `next` is
 * read first: promotion renames it over `master.key`, so a reader that finds no `next` file finds
 * its key in `master.key` (read after this). `.previous` files are written before that rename, so
 * they are there whenever `master.key` already holds the new key. Retired keys only on request.
 */
export async function readExtraKeyFiles(
  dataDir: string,
  options: { retired?: boolean } = {},
): Promise<Result<DataDirKey[], FkError>> {
  const found: DataDirKey[] = [];
  const next = await readKeyFile(nextKeyPath(dataDir));
  if (next !== 'missing') {
    if (!next.ok) return next;
    found.push({ key: next.value, path: nextKeyPath(dataDir), role: 'next' });
  }
  let names: string[];
  try {
    names = await readdir(dataDir);
  } catch {
    return ok(found);
  }
  for (const name of names.sort()) {
    const match = ARCHIVED.exec(name);
    if (match === null) continue;
    const role = match[2] === 'previous' ? 'previous' : 'retired';
    if (role === 'retired' && options.retired !== true) continue;
    const path = resolve(join(dataDir, name));
    const read = await readKeyFile(path);
    if (read === 'missing') continue; // archived meanwhile by a rotation in another process
    if (!read.ok) return read;
    found.push({ key: read.value, path, role });
  }
  return ok(found);
}

/** Generates `master.key.next`, or reads the one an interrupted run left: never a second new key. */
export async function stageNextKey(dataDir: string): Promise<Result<MasterKey, FkError>> {
  const created = await createKeyFile(nextKeyPath(dataDir));
  return created.ok ? ok(created.value.key) : created;
}

/**
 * Makes `to` the key in `master.key`. Whatever key `master.key` held first is copied to its
 * `.previous` file (so is `from`, from memory, should no file hold it), then `master.key.next` is
 * renamed over `master.key` in one atomic step. Idempotent: a run resumed after a crash at any
 * point here finishes the job. Nothing is deleted.
 */
export async function promoteNextKey(
  dataDir: string,
  from: MasterKey,
  to: MasterKey,
): Promise<Result<void, FkError>> {
  const main = await readKeyFile(mainKeyPath(dataDir));
  if (main !== 'missing' && !main.ok) return main;
  const current = main === 'missing' ? null : main.value;
  if (current?.id === to.id) return ok(undefined);
  for (const key of current === null || current.id === from.id ? [from] : [current, from]) {
    const kept = await keepAsPrevious(dataDir, key);
    if (!kept.ok) return kept;
  }
  const next = await readKeyFile(nextKeyPath(dataDir));
  if (next === 'missing' || !next.ok || next.value.id !== to.id) {
    // Another `keys rotate` may have promoted it a moment ago.
    const again = await readKeyFile(mainKeyPath(dataDir));
    if (again !== 'missing' && again.ok && again.value.id === to.id) return ok(undefined);
    return err(
      fileProblem(
        nextKeyPath(dataDir),
        `does not hold the new master key ${to.id}`,
        `Restore ${NEXT_KEY_FILE} (the key ${to.id}) from where it was copied, then run \`forgekeeper keys rotate\` again.`,
      ),
    );
  }
  return guard(dataDir, async () => {
    await rename(nextKeyPath(dataDir), mainKeyPath(dataDir));
    await syncDirectory(dataDir);
  });
}

/** `master.key.<id>.previous` → `.retired`, once the database says no row uses key `id`. */
export async function archiveRetiredKey(dataDir: string, id: string): Promise<Result<void, FkError>> {
  return guard(dataDir, async () => {
    try {
      await rename(previousKeyPath(dataDir, id), retiredKeyPath(dataDir, id));
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw error;
      return; // archived already
    }
    await syncDirectory(dataDir);
  });
}

/** Temporary key files a killed process left (they hold key material); only ones older than a minute. */
export async function removeStaleTemporaries(dataDir: string): Promise<void> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  for (const name of names.filter((candidate) => TEMPORARY.test(candidate))) {
    const path = join(dataDir, name);
    const info = await stat(path).catch(() => null);
    if (info !== null && Date.now() - info.mtimeMs > 60_000) await unlink(path).catch(() => undefined);
  }
}

async function keepAsPrevious(dataDir: string, key: MasterKey): Promise<Result<void, FkError>> {
  const path = previousKeyPath(dataDir, key.id);
  const existing = await readKeyFile(path);
  if (existing !== 'missing' && existing.ok && existing.value.id === key.id) return ok(undefined);
  return guard(dataDir, () => writeKeyFile(path, key));
}

/** Whole or nothing: a temporary file (exclusive, 0600, flushed) renamed over `path`. */
async function writeKeyFile(path: string, key: MasterKey): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = Buffer.from(`${encodeMasterKey(key)}\n`, 'latin1');
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    await syncDirectory(dirname(path));
  } finally {
    bytes.fill(0);
    await unlink(temp).catch(() => undefined);
  }
}

async function guard(dataDir: string, step: () => Promise<void>): Promise<Result<void, FkError>> {
  try {
    await step();
    return ok(undefined);
  } catch (error) {
    return err(
      fileProblem(
        resolve(dataDir),
        `cannot be written (${errnoOf(error) ?? 'unknown error'})`,
        'Make the data directory writable by the user running Forgekeeper, then run `forgekeeper keys rotate` again: it resumes.',
      ),
    );
  }
}

function fileProblem(path: string, problem: string, remediation: string): FkError {
  return fkError('master_key_invalid', { message: `${path} ${problem}.`, remediation, details: { path } });
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
