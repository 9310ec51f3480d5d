import { afterAll, beforeAll, describe } from 'vitest';
import { accessContract } from './contract/access-contract.js';
import { apiKeysContract } from './contract/api-keys-contract.js';
import { auditContract } from './contract/audit-contract.js';
import { defaultsContract } from './contract/defaults-contract.js';
import { gitRulesContract } from './contract/git-rules-contract.js';
import { keysContract } from './contract/keys-contract.js';
import { migrationContract } from './contract/migration-contract.js';
import { recordChecksContract } from './contract/record-checks-contract.js';
import { rotationContract } from './contract/rotation-contract.js';
import { tokenReadsContract } from './contract/token-reads-contract.js';
import { tokensContract } from './contract/tokens-contract.js';
import { transactionContract } from './contract/transaction-contract.js';
import { usersContract } from './contract/users-contract.js';
import type { OpenStoreOptions } from './open-store.js';
import type { Store } from './store.js';

/** One database for a test file (a temporary directory, a PostgreSQL schema). */
export interface StoreTarget {
  /** Opens another store on this same database; fails the test when it cannot. */
  open(options?: Partial<OpenStoreOptions>): Promise<Store>;
  /** Removes the database. */
  dispose(): Promise<void>;
}

/** Makes a fresh, empty target each call. */
export type MakeStoreTarget = () => Promise<StoreTarget>;

/** What each part of the contract works with; `store` is shared by the file's tests. */
export interface ContractContext {
  store: Store;
  target: StoreTarget;
  makeTarget: MakeStoreTarget;
}

/**
 * The behaviour every store must have, whatever the database. Each implementation's spec calls
 * this once; the tests share one database and keep apart by using fresh owners.
 */
export function describeStoreContract(name: string, makeTarget: MakeStoreTarget): void {
  describe(`store contract: ${name}`, () => {
    let ctx: ContractContext | undefined;
    const get = (): ContractContext => {
      if (ctx === undefined) throw new Error('the store contract set-up did not run');
      return ctx;
    };

    beforeAll(async () => {
      const target = await makeTarget();
      ctx = { target, store: await target.open(), makeTarget };
    });

    afterAll(async () => {
      await ctx?.store.close();
      await ctx?.target.dispose();
    });

    migrationContract(get);
    tokensContract(get);
    tokenReadsContract(get);
    recordChecksContract(get);
    defaultsContract(get);
    auditContract(get);
    rotationContract(get);
    keysContract(get);
    transactionContract(get);
    usersContract(get);
    apiKeysContract(get);
    accessContract(get);
    gitRulesContract(get);
  });
}
