/**
 * Run as a separate process by sqlite.spec.ts: opens the store in the data directory given as
 * the first argument (racing its siblings through migration), adds one fixed token, and prints
 * what happened as JSON.
 */
import { openStore } from '../open-store.js';
import { LOCAL_OWNER_ID } from '../types.js';
import { makeSealed } from './sealed.js';

const [dataDir, fingerprint] = process.argv.slice(2);
const opened = await openStore({ dataDir: dataDir!, env: {} });
if (!opened.ok) {
  process.stdout.write(JSON.stringify({ error: opened.error.code }));
  process.exit(1);
}
const store = opened.value;
const upserted = await store.tokens.upsertByFingerprint({
  id: store.newId(),
  ownerId: LOCAL_OWNER_ID,
  forge: 'github',
  apiUrl: 'https://api.github.com',
  kind: 'classic',
  scopes: null,
  status: 'active',
  mask: 'ghp_…abcd',
  fingerprint: fingerprint!,
  sealed: makeSealed(),
});
const migrations = await store.migrations();
await store.close();
process.stdout.write(
  JSON.stringify({
    created: upserted.ok ? upserted.value.created : upserted.error.code,
    migrations: migrations.ok ? migrations.value : migrations.error.code,
  }),
);
