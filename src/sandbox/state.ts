import { AccountStore } from './accounts.js';
import { HOUR_MS, MINUTE_MS, SandboxClock } from './clock.js';
import { defaultConfig, type SandboxConfig } from './config.js';
import { FaultStore } from './faults.js';
import { SandboxRepos } from './git/repo-store.js';
import { FixedWindowLimiter, RollingWindowLimiter } from './rate-limits.js';
import { RequestLog } from './request-log.js';
import { TokenStore } from './tokens.js';
import type { SandboxUrls } from './types.js';

/** Rate-limit counters, kept the way each forge keeps them (forges.md §1.7, §2.7, §3.7). */
export interface Limiters {
  /** GitHub primary limit: per user (all of that user's tokens) and, unauthenticated, per IP. */
  github: FixedWindowLimiter;
  /** GitLab Rack::Attack throttles: per user and per IP, windows aligned to the minute. */
  gitlab: FixedWindowLimiter;
  /** Bitbucket: per user and resource group, rolling hour. */
  bitbucket: RollingWindowLimiter;
}

/** Everything the sandbox remembers. One instance per running sandbox; no module-level state. */
export class SandboxState {
  readonly clock: SandboxClock;
  readonly accounts = new AccountStore();
  readonly tokens = new TokenStore();
  readonly faults = new FaultStore();
  readonly limiters: Limiters = {
    github: new FixedWindowLimiter(HOUR_MS, 'first-request'),
    gitlab: new FixedWindowLimiter(MINUTE_MS, 'epoch'),
    bitbucket: new RollingWindowLimiter(HOUR_MS),
  };
  readonly log: RequestLog;
  /** Repositories (bare git repositories on disk), pull requests, hooks and webhook deliveries. */
  readonly repos: SandboxRepos;
  config: SandboxConfig;
  /** Set once the server listens; bodies link to these (avatar_url, links.html …). */
  urls: SandboxUrls | null = null;
  /** Called on reset so held (`timeout`) requests are dropped. */
  readonly onReset = new Set<() => void>();

  constructor(private readonly baseline: { latencyMs: number; now?: Date; gitRoot?: string }) {
    this.clock = new SandboxClock(baseline.now);
    this.repos = new SandboxRepos({ root: baseline.gitRoot, now: () => this.clock.nowMs() });
    this.config = defaultConfig(baseline.latencyMs);
    this.log = new RequestLog(this.config.requestLogLimit);
  }

  setConfig(config: SandboxConfig): void {
    if (config.requestLogLimit !== this.config.requestLogLimit) this.log.resize(config.requestLogLimit);
    this.config = config;
  }

  /**
   * Clears tokens, accounts, repositories (deleted from disk), deliveries, faults, counters and the
   * log; config back to defaults; clock to real time.
   */
  async reset(): Promise<void> {
    this.accounts.clear();
    this.tokens.clear();
    this.faults.clear();
    this.limiters.github.clear();
    this.limiters.gitlab.clear();
    this.limiters.bitbucket.clear();
    this.log.clear();
    this.setConfig(defaultConfig(this.baseline.latencyMs));
    this.clock.reset();
    for (const release of this.onReset) release();
    await this.repos.clear();
  }

  requireUrls(): SandboxUrls {
    if (!this.urls) throw new Error('sandbox is not listening yet');
    return this.urls;
  }
}
