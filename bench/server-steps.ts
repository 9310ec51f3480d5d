import { Session } from 'node:inspector/promises';
import { seal } from '../src/crypto/index.js';
import { Secret } from '../src/domain/secret.js';
import { buildApp } from '../src/server/app.js';
import { createAccounts } from '../src/services/accounts/index.js';
import { seedAdminKey } from './admin-fixture.js';
import { fakeGithubToken, makeVaultPlace, tokenRow, unwrap } from './vault-fixture.js';

/*
 * Where the time of one `GET /api/v1/tokens` (50 tokens, API key) goes, in process, without the
 * network: each step timed on its own, then a CPU profile of the whole request (self time by
 * function). `node --import tsx bench/server-steps.ts`; N=… sets the iterations. A tool for
 * profiling the `server-api` benchmark, not a benchmark of its own.
 */
const N = Number(process.env.N ?? 3000);
const place = await makeVaultPlace('sqlite');
const vault = await place.openVault();
const accounts = createAccounts({ store: vault.store });
const { user, apiKey: key } = await seedAdminKey(accounts);
for (let i = 0; i < 50; i++) {
  const row = tokenRow(vault.store, user.id, i);
  const sealed = seal(
    new Secret(fakeGithubToken()),
    { tokenId: row.id, ownerId: row.ownerId, forge: 'github' },
    place.ring,
  );
  unwrap(await vault.store.tokens.insert({ ...row, label: `token-${i}`, sealed }), 'insert');
}
const app = await buildApp({ vault, accounts, logger: { level: 'warn' }, webRoot: false });
await app.ready();
const headers = { authorization: `Bearer ${key}` };

async function time(what: string, step: () => unknown): Promise<void> {
  for (let i = 0; i < Math.min(300, N); i++) await step();
  const started = performance.now();
  for (let i = 0; i < N; i++) await step();
  process.stdout.write(`${what}: ${(((performance.now() - started) / N) * 1000).toFixed(1)} µs\n`);
}
const list = async () => {
  const answer = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers });
  if (answer.statusCode !== 200) throw new Error(answer.body);
};
await time('inject GET /api/v1/tokens', list);
await time('inject GET /healthz', () => app.inject({ method: 'GET', url: '/healthz' }));
await time('accounts.authenticateApiKey', () => accounts.authenticateApiKey(`Bearer ${key}`));
await time('vault.list', () => vault.list(user.id));
await time('store.tokens.list', () => vault.store.tokens.list(user.id));

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
for (let i = 0; i < N; i++) await list();
const { profile } = await session.post('Profiler.stop');
const selfTime = new Map<string, number>();
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
profile.samples?.forEach((id, i) => {
  const frame = nodes.get(id)?.callFrame;
  if (frame === undefined) return;
  const where = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
  selfTime.set(where, (selfTime.get(where) ?? 0) + (profile.timeDeltas?.[i] ?? 0));
});
const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);
for (const [where, micros] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  process.stdout.write(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${where}\n`);
}
await app.close();
await vault.close();
await place.dispose();
