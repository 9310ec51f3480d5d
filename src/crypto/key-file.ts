import { randomBytes } from 'node:crypto';
import { type FileHandle, link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type FkError, fkError } from '../domain/errors/error.js';
import { err, ok, type Result } from '../domain/result.js';
import { encodeMasterKey, generateMasterKey, masterKeyFromBase64 } from './master-key.js';
import type { MasterKey } from './types.js';

/** Base64 of 32 bytes is 44 characters; anything much larger is not a key file. */
const MAX_KEY_FILE_BYTES = 1024;

/**
 * Reads a key file, or `'missing'` when there is none. The file is opened once and checked through
 * that descriptor (fstat), so the file whose mode was checked is the file that is read. Symbolic
 * links are followed: mounted secrets (Kubernetes, Docker) are links to the real file.
 */
export async function readKeyFile(path: string): Promise<Result<MasterKey, FkError> | 'missing'> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return 'missing';
    return err(fileError(path, `cannot be opened (${errnoOf(error) ?? 'unknown error'})`));
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return err(fileError(path, 'is not a regular file'));
    // Windows has no POSIX mode bits: Node reports 0o666 for every writable file there.
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      return err(
        fkError('master_key_insecure', {
          message: `The master key file ${path} can be read or written by other users (mode ${mode}).`,
          remediation: `Run \`chmod 600 ${path}\` (and make sure it is owned by the user running Forgekeeper). For a mounted secret, set its mode to 0400 or 0600.`,
          details: { path, mode },
        }),
      );
    }
    if (stat.size > MAX_KEY_FILE_BYTES) return err(fileError(path, 'is too large to be a key file'));
    const content = await handle.readFile();
    try {
      const key = masterKeyFromBase64(content.toString('latin1'));
      if (!key.ok)
        return err({
          ...key.error,
          message: `${key.error.message} (in ${path})`,
          details: { ...key.error.details, path },
        });
      return key;
    } finally {
      content.fill(0);
    }
  } catch (error) {
    return err(fileError(path, `cannot be read (${errnoOf(error) ?? 'unknown error'})`));
  } finally {
    await handle.close();
  }
}

/**
 * Generates a key and writes it to `path` so that the file either holds a complete key or does not
 * exist: written under a temporary name in the same directory (created exclusively, mode 0600),
 * flushed, then hard-linked to its name. Linking, unlike renaming, fails when the name is taken, so
 * two processes starting at once cannot overwrite each other's key: the loser reads the winner's.
 * The directory is created with mode 0700 when missing. `created` is false when another process
 * won the race and its key was read instead.
 */
export async function createKeyFile(
  path: string,
): Promise<Result<{ key: MasterKey; created: boolean }, FkError>> {
  const dir = dirname(path);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return err(writeError(path, `its directory cannot be created (${errnoOf(error) ?? 'unknown error'})`));
  }
  const key = generateMasterKey();
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeExclusive(temp, `${encodeMasterKey(key)}\n`);
    const placed = await placeWithoutOverwrite(temp, path);
    await syncDirectory(dir);
    if (placed) return ok({ key, created: true });
    // Another process created the key first: use its key, so both agree.
    const theirs = await readKeyFile(path);
    if (theirs === 'missing') return err(writeError(path, 'it vanished while being created'));
    return theirs.ok ? ok({ key: theirs.value, created: false }) : theirs;
  } catch (error) {
    return err(writeError(path, `it cannot be written (${errnoOf(error) ?? 'unknown error'})`));
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function writeExclusive(path: string, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'latin1');
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    bytes.fill(0);
    await handle.close();
  }
}

/** False when `to` already exists. Falls back to rename where the file system has no hard links. */
async function placeWithoutOverwrite(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  }
  if ((await readKeyFile(to)) !== 'missing') return false;
  await rename(from, to);
  return true;
}

/** Makes new directory entries (creations, renames) durable; not every platform can fsync a directory. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the file itself is already flushed.
  }
}

function fileError(path: string, problem: string): FkError {
  return fkError('master_key_invalid', {
    message: `The master key file ${path} ${problem}.`,
    details: { path },
  });
}

function writeError(path: string, problem: string): FkError {
  return fkError('master_key_invalid', {
    message: `A new master key could not be saved to ${path}: ${problem}. Nothing was stored.`,
    remediation:
      'Make the data directory writable by the user running Forgekeeper, or provide a key with FORGEKEEPER_MASTER_KEY or FORGEKEEPER_MASTER_KEY_FILE.',
    details: { path },
  });
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
