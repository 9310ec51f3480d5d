/**
 * The sandbox's own clock (DESIGN.md, "A clock it owns"). It runs at real speed from wherever it was
 * set, so rate-limit windows keep moving between requests, while tests jump it forward to see a token
 * go from active to expired without waiting.
 */
export class SandboxClock {
  #offsetMs = 0;

  constructor(initial?: Date) {
    if (initial) this.set(initial);
  }

  /** Milliseconds since the epoch, sandbox time. */
  nowMs(): number {
    return Date.now() + this.#offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  set(at: Date): void {
    this.#offsetMs = at.getTime() - Date.now();
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }

  /** Back to real time. */
  reset(): void {
    this.#offsetMs = 0;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }
}

/** `2027-01-01` of an instant, in UTC. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO 8601 without milliseconds, the way GitHub and Bitbucket print instants: `2027-01-01T00:00:00Z`. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** ISO 8601 with milliseconds, the way GitLab prints instants: `2027-01-01T00:00:00.000Z`. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
