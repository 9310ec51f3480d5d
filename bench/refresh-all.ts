import { Agent, get } from 'node:http';
import type { ForgeId } from '../src/domain/forge.js';
import type { RequestEvent } from '../src/forges/types.js';
import type { SandboxUrls } from '../src/sandbox/index.js';
import type { Vault } from '../src/services/vault/index.js';
import { runPool } from './pool.js';
import { issue, startSandboxProcess } from './sandbox-process.js';
import { round } from './stats.js';
import type { Bench, BenchResult } from './types.js';
import { makeVaultPlace, unwrap } from './vault-fixture.js';

const TOKENS = Number(process.env.BENCH_REFRESH_TOKENS ?? 10_000);
/** Checks in flight per forge host: GitHub asks for no more than 100 concurrent requests; 50 is polite. */
const CONCURRENCY = Number(process.env.BENCH_REFRESH_CONCURRENCY ?? 50);
const LATENCY_MS = 50;
/** Sandbox accounts per forge: GitHub allows 5,000 requests/h and GitLab 2,000/min per user. */
const LOGINS = 100;
/** Vault owners the tokens are spread over (a multi-user vault; Refresh All takes every owner's). */
const OWNERS = 200;
const SEED_CONCURRENCY = 40;
/**
 * 5xx bursts: every BURST_EVERY_MS (while the run lasts, at most BURSTS times) the next forge in turn
 * answers its next BURST_REQUESTS requests with 503 or 502 — about 0.2 s of outage on that host.
 */
const BURST_EVERY_MS = 400;
const BURST_REQUESTS = 200;
const BURSTS = 12;
/** …on top of this share of random 502s on every forge, for the whole run. */
const BACKGROUND_5XX = 0.1;
const FORGES: ForgeId[] = ['github', 'gitlab', 'bitbucket'];
/** Healthy runs timed after the first one; the median is the figure. */
const HEALTHY_RUNS = Number(process.env.BENCH_REFRESH_RUNS ?? 3);

interface Seed {
  ownerId: string;
  forge: ForgeId;
  token: string;
  email?: string;
}

function tokenRequest(i: number): Record<string, unknown> {
  const login = `user${Math.floor(i / 3) % LOGINS}`;
  switch (FORGES[i % 3]) {
    case 'github':
      return { forge: 'github', kind: 'classic', login, scopes: ['repo'], expiresAt: null };
    case 'gitlab':
      return { forge: 'gitlab', kind: 'personal', login, scopes: ['api'] };
    default:
      return {
        forge: 'bitbucket',
        kind: 'api_token',
        login,
        email: `${login}@example.com`,
        scopes: ['read:user:bitbucket', 'read:repository:bitbucket'],
      };
  }
}

async function control(url: string, method: string, body?: unknown): Promise<void> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.arrayBuffer();
  if (response.status >= 300) throw new Error(`sandbox ${method} ${url}: ${response.status}`);
}

/** What the vault's HTTP pipeline sent, from its per-attempt `onRequest` events. */
class RequestCounter {
  requests = 0;
  serverErrors = 0;
  /** Attempts after the first of one request (the pipeline's own 5xx retries). */
  pipelineRetries = 0;
  /** First attempts per forge: one per check (GitLab re-checks ask /personal_access_tokens/self alone). */
  firstAttempts: Record<ForgeId, number> = { github: 0, gitlab: 0, bitbucket: 0 };

  readonly onRequest = (event: RequestEvent): void => {
    this.requests++;
    if (event.status !== null && event.status >= 500) this.serverErrors++;
    if (event.attempt > 1) this.pipelineRetries++;
    else this.firstAttempts[event.forge]++;
  };

  reset(): void {
    this.requests = 0;
    this.serverErrors = 0;
    this.pipelineRetries = 0;
    this.firstAttempts = { github: 0, gitlab: 0, bitbucket: 0 };
  }

  /** Checks the refresh engine started (its retries included). */
  get checks(): number {
    return this.firstAttempts.github + this.firstAttempts.bitbucket + this.firstAttempts.gitlab;
  }
}

type BareGet = (url: string, headers: Record<string, string>) => Promise<void>;

/** A bare GET through `fetch` (what the forge pipeline uses), body read. */
const fetchGet: BareGet = async (url, headers) => {
  const response = await fetch(url, { headers: { 'user-agent': 'bench', ...headers } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`bare fetch ${url}: ${response.status}`);
};

/** A bare GET through node:http with a keep-alive agent: the cheapest HTTP client Node has. */
function httpGet(agent: Agent): BareGet {
  return (url, headers) =>
    new Promise((resolve, reject) => {
      const request = get(url, { agent, headers: { 'user-agent': 'bench', ...headers } }, (response) => {
        response.resume();
        response.on('error', reject);
        response.on('end', () =>
          response.statusCode === 200
            ? resolve()
            : reject(new Error(`bare GET ${url}: ${response.statusCode}`)),
        );
      });
      request.on('error', reject);
    });
}

/** The one-round-trip request(s) an inspection makes, bare: the floor under a check. */
function bareInspection(urls: SandboxUrls, seed: Seed, get: BareGet): Promise<void>[] {
  switch (seed.forge) {
    case 'github':
      return [get(`${urls.github.api}/user`, { authorization: `Bearer ${seed.token}` })];
    case 'gitlab':
      // What a re-check asks: the account is known, so /self alone (forges/gitlab/inspect.ts).
      return [get(`${urls.gitlab.api}/personal_access_tokens/self`, { 'private-token': seed.token })];
    default: {
      const basic = Buffer.from(`${seed.email}:${seed.token}`).toString('base64');
      return [get(`${urls.bitbucket.api}/user`, { authorization: `Basic ${basic}` })];
    }
  }
}

async function countStatuses(vault: Vault, owners: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const owner of owners) {
    for (const view of unwrap(await vault.list(owner), 'list'))
      counts[view.status] = (counts[view.status] ?? 0) + 1;
  }
  return counts;
}

/**
 * Refresh All of 10,000 stored tokens (⅓ per forge) against the sandbox at 50 ms latency, then again
 * under 5xx bursts. The vault is SQLite on a temporary directory; the sandbox runs in its own process.
 */
export const refreshAll: Bench = {
  id: 'refresh-all',
  async run(): Promise<BenchResult> {
    const sandbox = await startSandboxProcess(0);
    const place = await makeVaultPlace('sqlite');
    const counter = new RequestCounter();
    const vault = await place.openVault({ adapter: { onRequest: counter.onRequest } });
    const { urls } = sandbox;
    try {
      // Seeding (not timed): issue the tokens, then add them through the vault at 0 ms latency.
      const seeds: Seed[] = [];
      await runPool(
        Array.from({ length: TOKENS }, (_, i) => i),
        SEED_CONCURRENCY,
        async (i) => {
          const body = tokenRequest(i);
          const token = await issue(urls.control, body);
          seeds.push({
            ownerId: `owner-${i % OWNERS}`,
            forge: body.forge as ForgeId,
            token,
            ...(body.email === undefined ? {} : { email: body.email as string }),
          });
        },
      );
      const seedStart = performance.now();
      await runPool(seeds, SEED_CONCURRENCY, async (seed) => {
        const added = await vault.add({
          ownerId: seed.ownerId,
          raw: seed.token,
          forge: seed.forge,
          apiUrl: urls[seed.forge].api,
          ...(seed.email === undefined ? {} : { email: seed.email }),
          actor: 'bench',
        });
        if (unwrap(added, 'add').record.status !== 'active') throw new Error('a seeded token is not active');
      });
      const seedMs = performance.now() - seedStart;
      const owners = [...new Set(seeds.map((seed) => seed.ownerId))];
      const perHost = Math.max(...FORGES.map((forge) => seeds.filter((seed) => seed.forge === forge).length));
      const idealMs = Math.ceil(perHost / CONCURRENCY) * LATENCY_MS;

      await control(`${urls.control}/config`, 'POST', { latencyMs: LATENCY_MS });

      // Measured floors: the same requests bare, the hosts in parallel, CONCURRENCY per host.
      const floor = async (get: BareGet) => {
        const start = performance.now();
        await Promise.all(
          FORGES.map((forge) =>
            runPool(
              seeds.filter((seed) => seed.forge === forge),
              CONCURRENCY,
              async (seed) => {
                await Promise.all(bareInspection(urls, seed, get));
              },
            ),
          ),
        );
        return performance.now() - start;
      };
      const floorMs = await floor(fetchGet);
      const agent = new Agent({ keepAlive: true });
      const httpFloorMs = await floor(httpGet(agent));
      agent.destroy();

      // Healthy forges: the first run in this process (cold: the refresh path not yet compiled by the
      // JIT, the write thread not started), then HEALTHY_RUNS more; the median of those is the figure.
      const healthy = async () => {
        counter.reset();
        const start = performance.now();
        const summary = unwrap(await vault.refreshAll({ perHostConcurrency: CONCURRENCY }), 'refreshAll');
        return { ms: performance.now() - start, summary, counts: { ...counter, checks: counter.checks } };
      };
      const cold = await healthy();
      const warm: Awaited<ReturnType<typeof healthy>>[] = [];
      for (let i = 0; i < HEALTHY_RUNS; i++) warm.push(await healthy());
      const medianRun = [...warm].sort((a, b) => a.ms - b.ms)[Math.floor(HEALTHY_RUNS / 2)]!;
      const { ms: cleanMs, summary: clean, counts: cleanCounts } = medianRun;
      const cleanStatuses = await countStatuses(vault, owners);

      // Run 2: 5xx bursts (count-limited faults, rotating forges) over background 502s.
      counter.reset();
      await control(`${urls.control}/faults`, 'POST', {
        forge: '*',
        type: 'status',
        status: 502,
        probability: BACKGROUND_5XX,
      });
      let burst = 0;
      const bursts: Promise<void>[] = [];
      const fireBurst = () => {
        if (burst >= BURSTS) return;
        const forge = FORGES[burst % FORGES.length]!;
        const status = burst % 2 === 0 ? 503 : 502;
        burst++;
        const posted = control(`${urls.control}/faults`, 'POST', {
          forge,
          type: 'status',
          status,
          count: BURST_REQUESTS,
        });
        posted.catch(() => undefined); // awaited below; a refresh that throws first must not leave it unhandled
        bursts.push(posted);
      };
      fireBurst();
      const timer = setInterval(fireBurst, BURST_EVERY_MS);
      const faultyStart = performance.now();
      let faulty: Awaited<ReturnType<Vault['refreshAll']>>;
      try {
        faulty = await vault.refreshAll({ perHostConcurrency: CONCURRENCY });
      } finally {
        clearInterval(timer);
      }
      const faultyMs = performance.now() - faultyStart;
      await Promise.all(bursts);
      await control(`${urls.control}/faults`, 'DELETE');
      const faultyRun = unwrap(faulty, 'refreshAll (5xx bursts)');
      const faultyCounts = { ...counter, checks: counter.checks };
      const faultyStatuses = await countStatuses(vault, owners);

      const ratio = cleanMs / idealMs;
      const invalid = (cleanStatuses.invalid ?? 0) + (faultyStatuses.invalid ?? 0);
      const statusText = (counts: Record<string, number>) =>
        Object.entries(counts)
          .map(([status, n]) => `${n.toLocaleString('en')} ${status}`)
          .join(', ');
      const row = (
        what: string,
        ms: number,
        run: { checked: number; stale: string[] } | null,
        statuses: Record<string, number> | null,
        counts: typeof cleanCounts | null,
      ) => ({
        what,
        cells: [
          String(round(ms)),
          `${round(ms / idealMs, 2)}×`,
          run === null ? '—' : run.checked.toLocaleString('en'),
          run === null ? '—' : String(run.stale.length),
          statuses === null ? '—' : String(statuses.invalid ?? 0),
          counts === null ? '—' : counts.requests.toLocaleString('en'),
          counts === null ? '—' : counts.serverErrors.toLocaleString('en'),
          counts === null
            ? '—'
            : `${counts.pipelineRetries.toLocaleString('en')} / ${round(counts.checks - TOKENS, 0).toLocaleString('en')}`,
        ],
      });
      return {
        title: `Refresh All of ${TOKENS.toLocaleString('en')} tokens (mixed forges) against the sandbox, ${LATENCY_MS} ms latency`,
        issue: 3,
        method:
          `${TOKENS.toLocaleString('en')} tokens (⅓ GitHub classic, ⅓ GitLab personal, ⅓ Bitbucket API tokens; ${LOGINS} sandbox accounts per forge, ${OWNERS} vault owners) ` +
          `in a SQLite vault on a temporary directory, seeded through \`vault.add\` (live inspection) with the sandbox at 0 ms — not timed (${round(seedMs / 1000, 1)} s). ` +
          `Timed: \`vault.refreshAll({ perHostConcurrency: ${CONCURRENCY} })\` from call to resolve — candidate listing, and per token: read (the reads of checks starting together in one statement), open, inspect (GitLab: /personal_access_tokens/self alone, as the token's account is known; /user only when the token's user id changed), record + audit committed in batches (one transaction per 50 checks or 100 ms, on the SQLite write thread beside the event loop). ` +
          `Healthy forges: the first Refresh All in the process (cold) is shown; the figure is the median of the ${HEALTHY_RUNS} runs after it. ` +
          `The sandbox runs in its own process (forgekeeper sandbox) at ${LATENCY_MS} ms latency. Three hosts, each ≤ ${perHost.toLocaleString('en')} tokens: ideal = ⌈${perHost.toLocaleString('en')} / ${CONCURRENCY}⌉ × ${LATENCY_MS} ms with the hosts in parallel. ` +
          `Measured floors: the same forge requests through bare \`fetch\` and through node:http with a keep-alive agent, same per-host concurrency, no store; healthy Refresh All is ${round(cleanMs / floorMs, 2)}× the fetch floor. ` +
          `5xx run: count-limited bursts (the next ${BURST_REQUESTS} requests of one forge answer 503 or 502, every ${BURST_EVERY_MS} ms while the run lasts, forges in turn — ${burst} bursts fired) on top of ${BACKGROUND_5XX * 100}% random 502s on every forge; ` +
          `the forge pipeline retries a 5xx twice, the refresh engine re-checks a token up to 3 times, then records it stale. ` +
          `Retries column: pipeline retries / extra checks by the engine (first attempts counted from the pipeline's request events). ` +
          `Statuses after: healthy run ${statusText(cleanStatuses)}; 5xx run ${statusText(faultyStatuses)}.`,
        columns: [
          'wall ms',
          '× ideal',
          'checked',
          'stale',
          'invalid',
          'HTTP requests',
          '5xx answers',
          'retries (pipeline / engine)',
        ],
        rows: [
          {
            what: `ideal ⌈${perHost} / ${CONCURRENCY}⌉ × ${LATENCY_MS} ms`,
            cells: [String(idealMs), '1×', '—', '—', '—', '—', '—', '—'],
          },
          row('measured floor: bare `fetch`, same requests, same concurrency', floorMs, null, null, null),
          row(
            'measured floor: bare node:http (keep-alive agent), same requests',
            httpFloorMs,
            null,
            null,
            null,
          ),
          row(
            '`refreshAll`, healthy forges, first run in the process',
            cold.ms,
            cold.summary,
            null,
            cold.counts,
          ),
          row(
            `\`refreshAll\`, healthy forges, median of the next ${HEALTHY_RUNS} (runs: ${warm.map((run) => Math.round(run.ms)).join(', ')} ms)`,
            cleanMs,
            clean,
            cleanStatuses,
            cleanCounts,
          ),
          row('`refreshAll`, 5xx bursts', faultyMs, faultyRun, faultyStatuses, faultyCounts),
        ],
        ratio,
        ratioLabel: 'healthy Refresh All wall time / ideal',
        target: 'within 1.25×, and no token invalid after the 5xx run',
        met: ratio <= 1.25 && invalid === 0 && clean.checked === TOKENS && cold.summary.checked === TOKENS,
      };
    } finally {
      await vault.close();
      await sandbox.stop();
      await place.dispose();
    }
  },
};
