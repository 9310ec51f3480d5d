import type { FastifyBaseLogger } from 'fastify';
import type { FkError } from '../domain/errors/error.js';
import { ok, type Result } from '../domain/result.js';
import { type AccountsService, createAccounts } from '../services/accounts/index.js';
import {
  createScheduler,
  memoryRunLock,
  type RunLock,
  refreshJob,
  type Scheduler,
  type SchedulerEvent,
  storeRunLock,
} from '../services/scheduler/index.js';
import { openVault } from '../services/vault/index.js';
import type { Store } from '../store/index.js';
import { buildApp } from './app.js';
import type { ServeConfig } from './config.js';
import { listen } from './listen.js';
import { createServerMetrics } from './metrics/server-metrics.js';
import { storeCensus } from './metrics/token-census.js';

export interface RunningForgekeeper {
  readonly url: string;
  /** The vault's one-time start-up messages (a generated master key to back up). */
  readonly notices: readonly string[];
  /**
   * Graceful shutdown: stop accepting, finish requests in flight (up to the configured timeout),
   * stop the scheduler (a running refresh is cancelled and its claim released), close the vault.
   */
  close(): Promise<{ drained: boolean }>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Test seam: the scheduler's poll timing. */
  scheduler?: { pollMs?: number; firstPollMs?: number };
}

/**
 * On a server nobody has claimed yet: a one-time setup code for the server log. The first visit to
 * the UI asks for it before creating the admin, so nobody who can merely reach the port claims it.
 */
async function setupNotice(accounts: AccountsService, url: string): Promise<string[]> {
  const state = await accounts.setupState();
  if (!state.ok || state.value !== 'needs_setup') return [];
  const issued = await accounts.issueSetupCode();
  if (!issued.ok) return [`could not issue a setup code: ${issued.error.message}`];
  return [
    `First start: open ${url}/setup and enter the setup code ${issued.value.code.reveal()} (valid until ${issued.value.expiresAt}) to create the administrator. It is shown only here.`,
  ];
}

/**
 * Opens everything `serve` runs on and starts listening: the vault, and on its store the accounts,
 * the cross-owner token census for /metrics and, on PostgreSQL, the scheduler's run lock.
 */
export async function startForgekeeper(
  config: ServeConfig,
  options: StartOptions = {},
): Promise<Result<RunningForgekeeper, FkError>> {
  const env = options.env ?? process.env;
  const metrics = createServerMetrics({ processMetrics: true });
  const where = { env, ...(config.dataDir === undefined ? {} : { dataDir: config.dataDir }) };
  const vault = await openVault({ ...where, adapter: { onRequest: metrics.onForgeRequest } });
  if (!vault.ok) return vault;
  // One database handle for everything (SQLite allows one writer): users, sessions and keys, the
  // metrics census and the scheduler's lock live beside the tokens, in the vault's store.
  const store = vault.value.store;
  metrics.census = storeCensus(store);
  const accounts = createAccounts({ store });

  const app = await buildApp({
    vault: vault.value,
    accounts,
    metrics,
    logger: { level: config.logLevel, stream: process.stderr },
    trustProxy: config.trustProxy,
    ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
  });
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(app, { host: config.host, port: config.port });
  } catch (error) {
    await vault.value.close();
    throw error;
  }

  let scheduler: Scheduler | null = null;
  if (config.scheduler) {
    const log = app.log.child({ component: 'scheduler' });
    scheduler = createScheduler({
      lock: runLockFor(store),
      jobs: [
        refreshJob(vault.value, {
          onRun: (outcome, summary) => {
            metrics.onRefreshRun(outcome);
            if (summary !== null) {
              const { total, checked, stale, rateLimited, durationMs } = summary;
              log.info(
                { outcome, total, checked, stale: stale.length, rateLimited: rateLimited.length, durationMs },
                'refresh run',
              );
            }
          },
        }),
      ],
      onEvent: (event) => logEvent(log, event),
      ...options.scheduler,
    });
    scheduler.start();
  }

  let closing: Promise<{ drained: boolean }> | null = null;
  return ok({
    url: server.url,
    notices: [...vault.value.notices, ...(await setupNotice(accounts, server.url))],
    close() {
      closing ??= (async () => {
        const [drained] = await Promise.all([server.close(config.shutdownTimeoutMs), scheduler?.stop()]);
        await vault.value.close();
        return drained;
      })();
      return closing;
    },
  });
}

/**
 * PostgreSQL: the durable lock in the store's settings, shared by every server process. SQLite: in
 * this process only — one server process per SQLite file by design, and this second handle must
 * never write: two better-sqlite3 connections in one process deadlock when one waits for the
 * other's transaction (BEGIN IMMEDIATE blocks the thread the other needs). The schedule then
 * restarts with the process (first run `firstDelayMs` after start).
 */
function runLockFor(store: Store): RunLock {
  return store.dialect === 'postgres' ? storeRunLock(store) : memoryRunLock();
}

function logEvent(log: FastifyBaseLogger, event: SchedulerEvent): void {
  if (event.type === 'error') log.error({ job: event.job, code: event.error.code }, event.error.message);
  else if (event.type === 'lease_lost') log.warn({ job: event.job }, 'lost the claim on a running job');
  else log.info(event, `job ${event.type}`);
}
