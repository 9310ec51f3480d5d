import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../src/sandbox/index.js';
import { createAccounts } from '../src/services/accounts/index.js';
import { seedAdminKey } from './admin-fixture.js';
import { type ServerProcess, startServerProcess } from './server-process.js';
import { median, round } from './stats.js';
import type { Bench, BenchResult } from './types.js';
import { makeVaultPlace, unwrap } from './vault-fixture.js';

const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_SERVER_CONNECTIONS ?? 50);
const STARTS = Number(process.env.BENCH_SERVER_STARTS ?? 5);
const ROUNDS = Number(process.env.BENCH_SERVER_ROUNDS ?? 2);
const TOKENS = 50;
const TARGET = 0.5;

const cli = fileURLToPath(new URL('../bin/forgekeeper.js', import.meta.url));
const bare = fileURLToPath(new URL('./server-bare.mjs', import.meta.url));

/** The part of autocannon's programmatic API used here (the package ships no types). */
interface LoadResult {
  requests: { average: number; total: number };
  latency: { p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface Load {
  rps: number;
  p99: number;
  failures: number;
  /** Highest VmRSS sampled during the load. */
  peakRss: number;
}

async function load(server: ServerProcess, headers: Record<string, string>, seconds: number): Promise<Load> {
  let peakRss = server.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, server.rss());
  }, 200);
  try {
    const result = await autocannon({
      url: `${server.url}/api/v1/tokens`,
      connections: CONNECTIONS,
      duration: seconds,
      headers,
    });
    return {
      rps: result.requests.average,
      p99: result.latency.p99,
      failures: result.non2xx + result.errors + result.timeouts,
      peakRss,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Rounds of one server: mean req/s, worst p99, highest RSS. */
function combine(loads: readonly Load[]): Load & { rounds: number[] } {
  return {
    rps: loads.reduce((sum, one) => sum + one.rps, 0) / loads.length,
    p99: Math.max(...loads.map((one) => one.p99)),
    failures: loads.reduce((sum, one) => sum + one.failures, 0),
    peakRss: Math.max(...loads.map((one) => one.peakRss)),
    rounds: loads.map((one) => Math.round(one.rps)),
  };
}

const mib = (bytes: number) => `${round(bytes / 2 ** 20)} MiB`;

/**
 * `GET /api/v1/tokens` of an owner with 50 tokens, API key auth, under autocannon against a bare
 * Fastify route answering the same JSON, each server in a process of its own, on loopback.
 */
export const serverApi: Bench = {
  id: 'server-api',
  async run(): Promise<BenchResult> {
    const place = await makeVaultPlace('sqlite');
    const sandbox = await startSandbox({ port: 0 });
    const servers: ServerProcess[] = [];
    try {
      // Seed: the admin (setup), an API key with tokens:read, 50 tokens saved through the vault.
      const vault = await place.openVault({ adapter: { retries: 0 } });
      let apiKey: string;
      try {
        const accounts = createAccounts({ store: vault.store });
        const seeded = await seedAdminKey(accounts);
        const user = seeded.user;
        apiKey = seeded.apiKey;
        for (let i = 0; i < TOKENS; i++) {
          const issued = await sandbox.control.createToken({
            forge: 'github',
            kind: 'classic',
            login: 'octo',
            scopes: ['repo'],
            expiresAt: new Date(Date.now() + (20 + i) * 86_400_000).toISOString(),
          });
          unwrap(
            await vault.add({
              ownerId: user.id,
              actor: user.id,
              raw: issued.token,
              forge: 'github',
              apiUrl: sandbox.urls.github.api,
              label: `token-${String(i).padStart(2, '0')}`,
            }),
            'add',
          );
        }
      } finally {
        await vault.close();
      }
      const headers = { authorization: `Bearer ${apiKey}` };
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        ...place.env,
        FORGEKEEPER_LOG_LEVEL: 'warn',
      };
      const fkArgs = [cli, 'serve', '--port', '0', '--data-dir', place.dataDir, '--no-scheduler'];

      // Start-up to ready, several runs, each process stopped before the next.
      const fkStarts: number[] = [];
      const bareStarts: number[] = [];
      const payloadFile = join(place.dataDir, 'payload.json');
      for (let i = 0; i < STARTS; i++) {
        const fk = await startServerProcess(fkArgs, env);
        fkStarts.push(fk.readyMs);
        if (i === 0) {
          const answer = await fetch(`${fk.url}/api/v1/tokens`, { headers });
          const body = (await answer.json()) as { items: unknown[] };
          if (answer.status !== 200 || body.items.length !== TOKENS) {
            throw new Error(`GET /api/v1/tokens answered ${answer.status} with ${body.items?.length} items`);
          }
          writeFileSync(payloadFile, JSON.stringify(body));
        }
        await fk.stop();
        const baseline = await startServerProcess([bare, payloadFile], env);
        bareStarts.push(baseline.readyMs);
        await baseline.stop();
      }

      const fk = await startServerProcess(fkArgs, env);
      servers.push(fk);
      const baseline = await startServerProcess([bare, payloadFile], env);
      servers.push(baseline);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const fkIdle = fk.rss();
      const bareIdle = baseline.rss();
      // Warm-up (JIT, pools), then the measured runs, Forgekeeper and the baseline one after the other.
      await load(fk, headers, 2);
      await load(baseline, headers, 2);
      const fkLoads: Load[] = [];
      const bareLoads: Load[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        fkLoads.push(await load(fk, headers, SECONDS));
        bareLoads.push(await load(baseline, headers, SECONDS));
      }
      const fkLoad = combine(fkLoads);
      const bareLoad = combine(bareLoads);
      if (fkLoad.failures > 0 || bareLoad.failures > 0) {
        throw new Error(`failed requests: forgekeeper ${fkLoad.failures}, bare ${bareLoad.failures}`);
      }
      const fkAfter = fk.rss();

      const ratio = fkLoad.rps / bareLoad.rps;
      return {
        title: 'Server: `GET /api/v1/tokens` (50 tokens) under load',
        issue: 4,
        method: `Each server in its own process on 127.0.0.1: \`forgekeeper serve\` (SQLite, FORGEKEEPER_LOG_LEVEL=warn, no scheduler) with one user owning ${TOKENS} tokens, read with an API key (Bearer, tokens:read); the baseline is a bare Fastify route answering the same JSON body (\`bench/server-bare.mjs\`). The list does not change during the load: after the first request Forgekeeper sends the bytes it kept (the vault hands out the same frozen list while the owner's tokens_version and each token's status and days left stand, and the route keeps that list's serialized body — docs/server.md), where the baseline serializes its object on every request; each change costs one serialization (~35 µs for 50 tokens). autocannon (in the benchmark's process, on the same machine), ${CONNECTIONS} connections, 2 s warm-up each, then ${ROUNDS} alternating rounds of ${SECONDS} s per server: mean req/s, worst p99. Memory: VmRSS 1 s after ready (idle) and its peak sampled every 200 ms under load. Start-up: spawn to the first \`/readyz\` 200, median of ${STARTS} starts.`,
        columns: ['req/s', 'p99 ms', 'RSS idle', 'RSS peak under load', 'start-up to ready ms'],
        rows: [
          {
            what: 'baseline: bare Fastify JSON route',
            cells: [
              `${Math.round(bareLoad.rps)} (rounds: ${bareLoad.rounds.join(', ')})`,
              String(bareLoad.p99),
              mib(bareIdle),
              mib(bareLoad.peakRss),
              String(round(median(bareStarts))),
            ],
          },
          {
            what: '`GET /api/v1/tokens` (API key)',
            cells: [
              `${Math.round(fkLoad.rps)} (rounds: ${fkLoad.rounds.join(', ')})`,
              String(fkLoad.p99),
              mib(fkIdle),
              `${mib(fkLoad.peakRss)} (${mib(fkAfter)} after)`,
              `${round(median(fkStarts))} (runs: ${fkStarts.map((ms) => Math.round(ms)).join(', ')})`,
            ],
          },
        ],
        ratio,
        ratioLabel: 'req/s / bare route req/s',
        target: `at least ${TARGET}×`,
        met: ratio >= TARGET,
      };
    } finally {
      for (const server of servers) await server.stop();
      await sandbox.close();
      await place.dispose();
    }
  },
};
