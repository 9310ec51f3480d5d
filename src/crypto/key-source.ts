import { join, resolve } from 'node:path';
import { type FkError, fkError } from '../domain/errors/error.js';
import { err, ok, type Result } from '../domain/result.js';
import { createKeyFile, readKeyFile } from './key-file.js';
import { masterKeyFromBase64 } from './master-key.js';
import type { MasterKey } from './types.js';

export const MASTER_KEY_ENV = 'FORGEKEEPER_MASTER_KEY';
export const MASTER_KEY_FILE_ENV = 'FORGEKEEPER_MASTER_KEY_FILE';
export const DEFAULT_KEY_FILE = 'master.key';

export type MasterKeySource = 'env' | 'file' | 'generated';

export interface LoadMasterKeyOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Where the default key file `master.key` lives (and is created). */
  dataDir: string;
  /**
   * Whether a missing default key file may be generated (default true). Pass false when the
   * database already holds keys: a fresh key could not open them, so the right answer is "restore
   * the key file", not a new key file that would have to be cleaned up afterwards.
   */
  generate?: boolean;
}

export interface LoadedMasterKey {
  key: MasterKey;
  source: MasterKeySource;
  /** The key file read or written; absent for `env`. */
  path?: string;
  /** Set once, when a key was generated: tell the user to back the file up. Holds no key material. */
  notice?: string;
}

/**
 * Where the master key comes from, first match wins:
 * 1. `FORGEKEEPER_MASTER_KEY`: base64 of exactly 32 bytes;
 * 2. `FORGEKEEPER_MASTER_KEY_FILE`: a file holding that base64, readable by its owner only;
 * 3. `<dataDir>/master.key`, same rules, generated (mode 0600, atomically) when absent.
 * A variable that is set but empty is an error rather than "unset": falling through to a generated
 * key would hide a deployment mistake until tokens fail to open. Anything wrong refuses to start
 * with an error that names the variable or file and never echoes key material.
 */
export async function loadMasterKey(
  options: LoadMasterKeyOptions,
): Promise<Result<LoadedMasterKey, FkError>> {
  const { env } = options;
  const inline = env[MASTER_KEY_ENV];
  if (inline !== undefined) return fromEnv(inline);

  const file = env[MASTER_KEY_FILE_ENV];
  if (file !== undefined) {
    if (file.trim() === '') return err(emptyVariable(MASTER_KEY_FILE_ENV));
    const path = resolve(file);
    const read = await readKeyFile(path);
    if (read === 'missing') return err(namedFileMissing(path));
    return read.ok ? ok({ key: read.value, source: 'file', path }) : read;
  }

  const path = resolve(join(options.dataDir, DEFAULT_KEY_FILE));
  const read = await readKeyFile(path);
  if (read !== 'missing') return read.ok ? ok({ key: read.value, source: 'file', path }) : read;
  if (options.generate === false) return err(defaultFileMissing(path));

  const created = await createKeyFile(path);
  if (!created.ok) return created;
  const { key, created: isNew } = created.value;
  return ok(
    isNew ? { key, source: 'generated', path, notice: backupNotice(path) } : { key, source: 'file', path },
  );
}

function fromEnv(value: string): Result<LoadedMasterKey, FkError> {
  if (value.trim() === '') return err(emptyVariable(MASTER_KEY_ENV));
  const key = masterKeyFromBase64(value);
  if (!key.ok) {
    return err({
      ...key.error,
      message: `${MASTER_KEY_ENV}: ${key.error.message}`,
      details: { ...key.error.details, variable: MASTER_KEY_ENV },
    });
  }
  return ok({ key: key.value, source: 'env' });
}

function backupNotice(path: string): string {
  return (
    `A new master key was generated and saved to ${path}. Back up this file now and keep the copy ` +
    'somewhere other than this machine (a password manager or offline storage): without it the ' +
    'tokens stored in this Forgekeeper cannot be decrypted. You can also pass it in ' +
    `${MASTER_KEY_ENV} or point ${MASTER_KEY_FILE_ENV} at a copy.`
  );
}

function emptyVariable(name: string): FkError {
  return fkError('master_key_invalid', {
    message: `${name} is set but empty.`,
    details: { variable: name },
  });
}

function namedFileMissing(path: string): FkError {
  return fkError('master_key_invalid', {
    message: `${MASTER_KEY_FILE_ENV} names ${path}, which does not exist.`,
    remediation: `Point ${MASTER_KEY_FILE_ENV} at the master key file (restore it from your backup), or unset it to use the key file in the data directory.`,
    details: { path, variable: MASTER_KEY_FILE_ENV },
  });
}

function defaultFileMissing(path: string): FkError {
  return fkError('master_key_mismatch', {
    message: `No master key was found (looked for ${path}), but this database was created with one.`,
    remediation: `Restore ${path} from your backup, or pass the key in ${MASTER_KEY_ENV} or ${MASTER_KEY_FILE_ENV}. Nothing was written.`,
    details: { path },
  });
}
