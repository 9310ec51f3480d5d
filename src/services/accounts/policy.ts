const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The time limits and lockout rules of accounts. docs/accounts.md explains the choices. */
export interface AccountsPolicy {
  /** A session not used for this long ends. */
  sessionIdleMs: number;
  /** A session ends this long after sign-in, however busy. */
  sessionLifetimeMs: number;
  /** Sessions' last-seen and API keys' last-used are written at most once per interval. */
  touchIntervalMs: number;
  /**
   * How long this process trusts an API key it verified before reading it again (api-key-cache.ts).
   * Revocations and disabled users in this process apply at once; ones made by another process
   * within this time. 0: read the key on every request.
   */
  apiKeyCacheMs: number;
  setupCodeTtlMs: number;
  inviteTtlMs: number;
  /** Failures count within this window… */
  failureWindowMs: number;
  /** …and this many for one username lock that username… */
  usernameFailureLimit: number;
  /** …and this many from one address (IPv4, or an IPv6 /64) lock that address. */
  ipFailureLimit: number;
  /** The first lockout lasts this long; each further one doubles, up to `lockoutMaxMs`. */
  lockoutBaseMs: number;
  lockoutMaxMs: number;
  /** After this long without a failure, the doubling starts again from the base. */
  lockoutDecayMs: number;
}

export const DEFAULT_POLICY: AccountsPolicy = {
  sessionIdleMs: HOUR,
  sessionLifetimeMs: 12 * HOUR,
  touchIntervalMs: MINUTE,
  apiKeyCacheMs: 5_000,
  setupCodeTtlMs: DAY,
  inviteTtlMs: 7 * DAY,
  failureWindowMs: 15 * MINUTE,
  usernameFailureLimit: 5,
  ipFailureLimit: 20,
  lockoutBaseMs: 15 * MINUTE,
  lockoutMaxMs: 4 * HOUR,
  lockoutDecayMs: DAY,
};
