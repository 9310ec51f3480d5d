import type { ForgeId } from '../src/domain/forge.js';
import { inspectToken } from '../src/services/inspect-token.js';
import { runPool } from './pool.js';
import { issue, startSandboxProcess } from './sandbox-process.js';
import { round } from './stats.js';
import type { Bench, BenchResult } from './types.js';

const TOKENS = Number(process.env.BENCH_INSPECT_TOKENS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_INSPECT_CONCURRENCY ?? 50);
const LATENCY_MS = 50;

interface Issued {
  forge: ForgeId;
  token: string;
  email?: string;
}

function tokenRequest(i: number): Record<string, unknown> {
  const login = `user${i % 40}`;
  switch (i % 3) {
    case 0:
      return { forge: 'github', kind: 'classic', login, scopes: ['repo'] };
    case 1:
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

/** Inspects 1,000 tokens of all three forges through the adapters against the sandbox with 50 ms latency. */
export const inspectMany: Bench = {
  id: 'inspect-many',
  async run(): Promise<BenchResult> {
    const sandbox = await startSandboxProcess(LATENCY_MS);
    try {
      const issued: Issued[] = [];
      await runPool(
        Array.from({ length: TOKENS }, (_, i) => i),
        20,
        async (i) => {
          const body = tokenRequest(i);
          const token = await issue(sandbox.urls.control, body);
          issued.push({ forge: body.forge as ForgeId, token, email: body.email as string | undefined });
        },
      );

      // Measured floor: the same number of bare requests through fetch at the same concurrency.
      const floorStart = performance.now();
      await runPool(issued, CONCURRENCY, async () => {
        const response = await fetch(`${sandbox.urls.github.api}/rate_limit`, {
          headers: { 'user-agent': 'bench' },
        });
        await response.arrayBuffer();
      });
      const floorMs = performance.now() - floorStart;

      let failures = 0;
      const start = performance.now();
      await runPool(issued, CONCURRENCY, async (item) => {
        const report = await inspectToken({
          raw: item.token,
          forge: item.forge,
          apiUrl: sandbox.urls[item.forge].api,
          email: item.email,
        });
        if (report.status !== 'active') failures++;
      });
      const wallMs = performance.now() - start;
      const idealMs = Math.ceil(TOKENS / CONCURRENCY) * LATENCY_MS;
      const ratio = wallMs / idealMs;
      return {
        title: `Inspect ${TOKENS.toLocaleString('en')} tokens (mixed forges) against the sandbox, ${LATENCY_MS} ms latency`,
        issue: 2,
        method: `${TOKENS} tokens (⅓ GitHub classic, ⅓ GitLab, ⅓ Bitbucket API tokens), concurrency ${CONCURRENCY}, full inspection (offline checks, live call, capabilities), the sandbox in its own process (forgekeeper sandbox --latency 50). Ideal = ⌈${TOKENS} / ${CONCURRENCY}⌉ × ${LATENCY_MS} ms; the measured floor is as many bare fetches of the sandbox at the same concurrency. ${failures} of ${TOKENS} not active.`,
        columns: ['wall ms'],
        rows: [
          { what: 'ideal ⌈N / concurrency⌉ × latency', cells: [String(idealMs)] },
          { what: 'measured floor: bare fetch, same concurrency', cells: [String(round(floorMs))] },
          { what: 'Forgekeeper inspection', cells: [String(round(wallMs))] },
        ],
        ratio,
        ratioLabel: 'wall time / ideal',
        target: 'within 1.3×',
        met: ratio <= 1.3 && failures === 0,
      };
    } finally {
      await sandbox.stop();
    }
  },
};
