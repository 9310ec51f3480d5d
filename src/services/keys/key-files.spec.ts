import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMasterKey, generateMasterKey, type MasterKey } from '../../crypto/index.js';
import {
  archiveRetiredKey,
  NEXT_KEY_FILE,
  previousKeyPath,
  promoteNextKey,
  readExtraKeyFiles,
  retiredKeyPath,
  stageNextKey,
} from './key-files.js';
import { loadKeySet } from './key-sources.js';
import { failed, unwrapOk } from './testing/rotation-fixture.js';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-key-files-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const write = (dir: string, name: string, key: MasterKey) =>
  writeFileSync(join(dir, name), `${encodeMasterKey(key)}\n`, { mode: 0o600 });
const loadedIds = async (dataDir: string) =>
  unwrapOk(await loadKeySet({ env: {}, dataDir })).keys.map((sourced) => sourced.key.id);
const keyFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.startsWith('master.key'))
    .sort();

describe('data-dir key files', () => {
  const from = generateMasterKey();
  const to = generateMasterKey();
  // What a SIGKILL can leave between the steps of a promotion: staged; old key copied; renamed.
  const states: Record<string, (dir: string) => void> = {
    staged: (dir) => {
      write(dir, 'master.key', from);
      write(dir, NEXT_KEY_FILE, to);
    },
    'old key copied': (dir) => {
      write(dir, 'master.key', from);
      write(dir, NEXT_KEY_FILE, to);
      write(dir, `master.key.${from.id}.previous`, from);
    },
    renamed: (dir) => {
      write(dir, 'master.key', to);
      write(dir, `master.key.${from.id}.previous`, from);
    },
  };

  for (const [name, make] of Object.entries(states)) {
    it(`loads both keys and finishes the promotion from the state "${name}"`, async () => {
      const dir = fresh();
      make(dir);
      expect((await loadedIds(dir)).sort()).toEqual([from.id, to.id].sort());
      unwrapOk(await promoteNextKey(dir, from, to));
      unwrapOk(await promoteNextKey(dir, from, to));
      expect(keyFiles(dir)).toEqual(['master.key', `master.key.${from.id}.previous`]);
      expect(await loadedIds(dir)).toEqual([to.id, from.id]);
    });
  }

  it('keeps whatever key master.key held when it is neither the old nor the new one', async () => {
    const dir = fresh();
    const stranger = generateMasterKey();
    write(dir, 'master.key', stranger);
    write(dir, NEXT_KEY_FILE, to);
    unwrapOk(await promoteNextKey(dir, from, to));
    expect(existsSync(previousKeyPath(dir, stranger.id))).toBe(true);
    expect(existsSync(previousKeyPath(dir, from.id))).toBe(true);
  });

  it('refuses to promote when the staged file holds another key', async () => {
    const dir = fresh();
    write(dir, 'master.key', from);
    write(dir, NEXT_KEY_FILE, generateMasterKey());
    expect(failed(await promoteNextKey(dir, from, to)).code).toBe('master_key_invalid');
    expect(existsSync(join(dir, 'master.key'))).toBe(true);
  });

  it('stages one new key, however often it is asked', async () => {
    const dir = fresh();
    const first = unwrapOk(await stageNextKey(dir));
    const second = unwrapOk(await stageNextKey(dir));
    expect(second.id).toBe(first.id);
  });

  it('archives a retired key as a backup that is no longer loaded, once', async () => {
    const dir = fresh();
    write(dir, 'master.key', to);
    write(dir, `master.key.${from.id}.previous`, from);
    unwrapOk(await archiveRetiredKey(dir, from.id));
    unwrapOk(await archiveRetiredKey(dir, from.id));
    expect(existsSync(retiredKeyPath(dir, from.id))).toBe(true);
    expect(await loadedIds(dir)).toEqual([to.id]);
    const all = unwrapOk(await readExtraKeyFiles(dir, { retired: true }));
    expect(all.map((found) => [found.role, found.key.id])).toEqual([['retired', from.id]]);
  });

  it('refuses a rotation key file that others can read, as it does the main key file', async () => {
    const dir = fresh();
    write(dir, 'master.key', from);
    write(dir, `master.key.${to.id}.previous`, to);
    chmodSync(join(dir, `master.key.${to.id}.previous`), 0o644);
    expect(failed(await loadKeySet({ env: {}, dataDir: dir })).code).toBe('master_key_insecure');
  });
});
