import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenStoreOptions, openStore } from '../open-store.js';
import type { MakeStoreTarget } from '../store.contract.js';
import { unwrap } from './factories.js';

/** A fresh temporary data directory per target. */
export const makeSqliteTarget: MakeStoreTarget = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fk-store-'));
  return {
    open: async (options: Partial<OpenStoreOptions> = {}) =>
      unwrap(await openStore({ dataDir, env: {}, ...options })),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
};
