import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FkError } from '../domain/errors/error.js';
import type { Result } from '../domain/result.js';
import { type LoadedMasterKey, loadMasterKey } from './key-source.js';
import { encodeMasterKey, generateMasterKey } from './master-key.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'fk-key-source-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function loaded(result: Result<LoadedMasterKey, FkError>): LoadedMasterKey {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function failure(result: Result<LoadedMasterKey, FkError>): FkError {
  if (result.ok) throw new Error(`expected an error, got a key from ${result.value.source}`);
  return result.error;
}

async function keyFile(name: string, content: string, mode: number): Promise<string> {
  const path = join(root, name);
  await writeFile(path, content, { mode });
  await chmod(path, mode);
  return path;
}

describe('FORGEKEEPER_MASTER_KEY', () => {
  it('accepts base64 of 32 bytes and writes nothing', async () => {
    const key = generateMasterKey();
    const dataDir = join(root, 'data');
    const result = loaded(
      await loadMasterKey({ env: { FORGEKEEPER_MASTER_KEY: encodeMasterKey(key) }, dataDir }),
    );
    expect(result).toMatchObject({ source: 'env' });
    expect(result.key.id).toBe(key.id);
    expect(result.notice).toBeUndefined();
    await expect(stat(dataDir)).rejects.toThrow();
  });

  it.each([
    ['too short', Buffer.alloc(16, 1).toString('base64')],
    ['too long', Buffer.alloc(33, 1).toString('base64')],
    ['not base64', 'this is not a base64 key, not at all!'],
    ['empty', ''],
  ])('refuses a key that is %s, naming the variable and not the value', async (_, value) => {
    const error = failure(await loadMasterKey({ env: { FORGEKEEPER_MASTER_KEY: value }, dataDir: root }));
    expect(error.code).toBe('master_key_invalid');
    expect(error.message).toContain('FORGEKEEPER_MASTER_KEY');
    if (value !== '') expect(JSON.stringify(error)).not.toContain(value);
    expect(await readdir(root)).toEqual([]);
  });

  it('wins over FORGEKEEPER_MASTER_KEY_FILE', async () => {
    const key = generateMasterKey();
    const env = {
      FORGEKEEPER_MASTER_KEY: encodeMasterKey(key),
      FORGEKEEPER_MASTER_KEY_FILE: join(root, 'x'),
    };
    expect(loaded(await loadMasterKey({ env, dataDir: root })).key.id).toBe(key.id);
  });
});

describe('FORGEKEEPER_MASTER_KEY_FILE', () => {
  it('reads a file only its owner can read', async () => {
    const key = generateMasterKey();
    const path = await keyFile('key', `${encodeMasterKey(key)}\n`, 0o600);
    const result = loaded(await loadMasterKey({ env: { FORGEKEEPER_MASTER_KEY_FILE: path }, dataDir: root }));
    expect(result).toMatchObject({ source: 'file', path });
    expect(result.key.id).toBe(key.id);
  });

  it('follows a symbolic link, as mounted secrets use', async () => {
    const key = generateMasterKey();
    const target = await keyFile('target', encodeMasterKey(key), 0o400);
    const link = join(root, 'link');
    await symlink(target, link);
    const result = loaded(await loadMasterKey({ env: { FORGEKEEPER_MASTER_KEY_FILE: link }, dataDir: root }));
    expect(result.key.id).toBe(key.id);
  });

  it.each([0o644, 0o640, 0o604, 0o660, 0o606])('refuses mode %o as insecure', async (mode) => {
    const path = await keyFile('key', encodeMasterKey(generateMasterKey()), mode);
    const error = failure(await loadMasterKey({ env: { FORGEKEEPER_MASTER_KEY_FILE: path }, dataDir: root }));
    expect(error.code).toBe('master_key_insecure');
    expect(error.message).toContain(path);
    expect(error.remediation).toContain(`chmod 600 ${path}`);
  });

  it('refuses a key of the wrong length', async () => {
    const path = await keyFile('key', Buffer.alloc(24, 3).toString('base64'), 0o600);
    const error = failure(await loadMasterKey({ env: { FORGEKEEPER_MASTER_KEY_FILE: path }, dataDir: root }));
    expect(error.code).toBe('master_key_invalid');
    expect(error.message).toContain(path);
  });

  it('refuses a missing file, a directory and an empty variable without generating a key', async () => {
    await mkdir(join(root, 'dir'));
    for (const file of [join(root, 'absent'), join(root, 'dir'), ' ']) {
      const error = failure(
        await loadMasterKey({ env: { FORGEKEEPER_MASTER_KEY_FILE: file }, dataDir: root }),
      );
      expect(error.code).toBe('master_key_invalid');
    }
    expect(await readdir(root)).toEqual(['dir']);
  });
});

describe('the default key file', () => {
  it('is generated with mode 0600, announced once, then reused', async () => {
    const dataDir = join(root, 'data');
    const first = loaded(await loadMasterKey({ env: {}, dataDir }));
    const path = join(dataDir, 'master.key');
    expect(first).toMatchObject({ source: 'generated', path });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dataDir)).toEqual(['master.key']);
    expect((await readFile(path, 'utf8')).trim()).toBe(encodeMasterKey(first.key));
    expect(first.notice).toContain(path);
    expect(first.notice).toMatch(/back up/i);
    expect(first.notice).not.toContain(encodeMasterKey(first.key));

    const second = loaded(await loadMasterKey({ env: {}, dataDir }));
    expect(second).toMatchObject({ source: 'file', path });
    expect(second.notice).toBeUndefined();
    expect(second.key.id).toBe(first.key.id);
  });

  it('creates a missing data directory with mode 0700', async () => {
    const dataDir = join(root, 'a', 'b', 'data');
    loaded(await loadMasterKey({ env: {}, dataDir }));
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
  });

  it('gives processes starting at once the same key', async () => {
    const dataDir = join(root, 'data');
    const results = await Promise.all(Array.from({ length: 8 }, () => loadMasterKey({ env: {}, dataDir })));
    const ids = new Set(results.map((result) => loaded(result).key.id));
    expect(ids.size).toBe(1);
    expect(results.filter((result) => result.ok && result.value.source === 'generated')).toHaveLength(1);
    expect(await readdir(dataDir)).toEqual(['master.key']);
  });

  it('is refused when others can read it, and left as it was', async () => {
    const dataDir = join(root, 'data');
    await mkdir(dataDir);
    const text = encodeMasterKey(generateMasterKey());
    const path = join(dataDir, 'master.key');
    await writeFile(path, text, { mode: 0o644 });
    await chmod(path, 0o644);
    expect(failure(await loadMasterKey({ env: {}, dataDir })).code).toBe('master_key_insecure');
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('is not generated when the caller says the database already has a key', async () => {
    const dataDir = join(root, 'data');
    const error = failure(await loadMasterKey({ env: {}, dataDir, generate: false }));
    expect(error.code).toBe('master_key_mismatch');
    expect(error.message).toContain(join(dataDir, 'master.key'));
    await expect(stat(dataDir)).rejects.toThrow();
  });

  it('fails cleanly when the data directory cannot be created', async () => {
    await writeFile(join(root, 'file'), 'not a directory');
    const error = failure(await loadMasterKey({ env: {}, dataDir: join(root, 'file', 'data') }));
    expect(error.code).toBe('master_key_invalid');
    expect(await readdir(root)).toEqual(['file']);
  });
});
