import { cliStartup } from './cli-startup.js';
import { commitFiles } from './commit-files.js';
import { credentialHelper } from './credential-helper.js';
import { cryptoSeal } from './crypto-seal.js';
import { gitPush } from './git-push.js';
import { inspectMany } from './inspect-many.js';
import { listTokens } from './list-tokens.js';
import { refreshAll } from './refresh-all.js';
import { serverApi } from './server-api.js';
import type { Bench } from './types.js';
import { withToken } from './with-token.js';

/** Every benchmark, in the order `npm run bench` runs them and docs/benchmarks.md lists them. */
export const BENCHES: readonly Bench[] = [
  cliStartup,
  inspectMany,
  refreshAll,
  withToken,
  cryptoSeal,
  listTokens,
  serverApi,
  commitFiles,
  gitPush,
  credentialHelper,
];
