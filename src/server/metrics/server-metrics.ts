import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { VAULT_STATUSES } from '../../domain/vault-status.js';
import type { RequestEvent } from '../../forges/types.js';
import type { RefreshRunOutcome } from '../../services/scheduler/index.js';
import type { TokenCensus } from './token-census.js';

/**
 * The server's Prometheus metrics, on a registry of its own (no global state: tests build many
 * apps). Created before the vault, so the vault's forge calls (`onForgeRequest`) and the scheduler
 * (`onRefreshRun`) can report into it; the token census is attached once the store is open.
 */
export interface ServerMetrics {
  readonly registry: Registry;
  /** Counts tokens by status on each scrape; null until attached (the gauge is then empty). */
  census: TokenCensus | null;
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  /** For `openVault({ adapter: { onRequest } })`: counts the forge calls that failed, by forge and code. */
  onForgeRequest(event: RequestEvent): void;
  onRefreshRun(outcome: RefreshRunOutcome): void;
}

export interface ServerMetricsOptions {
  registry?: Registry;
  /** Process metrics (CPU, memory, event loop, GC): on for `serve`, off by default for tests. */
  processMetrics?: boolean;
  /** A census answer is reused for this long, so frequent scrapes do not each walk every token. Default 5 s. */
  censusCacheMs?: number;
}

/** Latency buckets from a cached read (ms) to a forge round trip through a slow network (s). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LABEL_VALUE = /^[A-Za-z0-9_]{1,40}$/;

export function createServerMetrics(options: ServerMetricsOptions = {}): ServerMetrics {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const refreshRuns = new Counter({
    name: 'forgekeeper_refresh_runs_total',
    help: 'Scheduled Refresh All runs this process executed, by outcome (completed, partial, cancelled, failed).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const lastRefresh = new Gauge({
    name: 'forgekeeper_refresh_last_run_timestamp_seconds',
    help: 'When this process last finished a scheduled Refresh All (Unix time), by outcome.',
    labelNames: ['outcome'] as const,
    registers,
  });
  const forgeErrors = new Counter({
    name: 'forgekeeper_forge_errors_total',
    help: 'Forge API calls that failed, by forge and code (a network code, rate_limited, or http_<status>).',
    labelNames: ['forge', 'code'] as const,
    registers,
  });

  const metrics: ServerMetrics = {
    registry,
    census: null,
    observeRequest(labels, seconds) {
      const values = { ...labels, status: String(labels.status) };
      requests.inc(values);
      duration.observe(values, seconds);
    },
    onForgeRequest(event) {
      const code = forgeErrorCode(event);
      if (code !== null) forgeErrors.inc({ forge: event.forge, code });
    },
    onRefreshRun(outcome) {
      refreshRuns.inc({ outcome });
      lastRefresh.set({ outcome }, Date.now() / 1000);
    },
  };

  const cacheMs = options.censusCacheMs ?? 5_000;
  let cached: { at: number; counts: Record<string, number> } | null = null;
  new Gauge({
    name: 'forgekeeper_tokens',
    help: 'Stored tokens by status (as of now: an expiry inside the warning window counts as expiring), across owners.',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      this.reset();
      const census = metrics.census;
      if (census === null) return;
      if (cached === null || Date.now() - cached.at > cacheMs) {
        const counted = await census.count();
        // A store that cannot answer leaves the gauge empty (absent, not zero); /readyz says why.
        if (!counted.ok) return;
        cached = { at: Date.now(), counts: counted.value };
      }
      for (const status of VAULT_STATUSES) this.set({ status }, cached.counts[status] ?? 0);
    },
  });
  return metrics;
}

/** The code of a failed forge call, or null when the forge answered below 400. */
function forgeErrorCode(event: RequestEvent): string | null {
  const raw =
    event.errorCode ?? (event.status !== null && event.status >= 400 ? `http_${event.status}` : null);
  if (raw === null) return null;
  return LABEL_VALUE.test(raw) ? raw : 'other';
}
