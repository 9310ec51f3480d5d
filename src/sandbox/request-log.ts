import type { SandboxForge } from './types.js';

/** One forge API request as the control API reports it. Credentials are masked, query strings dropped. */
export interface RequestLogEntry {
  seq: number;
  /** Sandbox-clock time the request arrived, ISO 8601. */
  time: string;
  forge: SandboxForge;
  method: string;
  /** Path after the API base, without the query string (it may carry `private_token`). */
  path: string;
  /** null when no response was sent (`reset` and `timeout` faults, client gone). */
  status: number | null;
  durationMs: number;
  /** e.g. `Bearer ghp_…x1Yz`, `PRIVATE-TOKEN glpat-…Ab12`; null when the request had none. */
  authorization: string | null;
  /** The fault that answered instead of the forge, if one did. */
  fault: string | null;
}

export interface RequestLogPage {
  /** Requests seen since the last reset, including ones no longer kept. */
  total: number;
  /** Oldest first. */
  requests: RequestLogEntry[];
}

/** A ring buffer: O(1) per request however long a benchmark runs. */
export class RequestLog {
  #entries: RequestLogEntry[] = [];
  #next = 0;
  #total = 0;

  constructor(private capacity: number) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.#total += 1;
    if (this.capacity === 0) return;
    const full: RequestLogEntry = { seq: this.#total, ...entry };
    if (this.#entries.length < this.capacity) this.#entries.push(full);
    else this.#entries[this.#next] = full;
    this.#next = (this.#next + 1) % this.capacity;
  }

  page(filter: { forge?: SandboxForge; limit?: number } = {}): RequestLogPage {
    const ordered =
      this.#entries.length < this.capacity
        ? this.#entries.slice()
        : [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)];
    const matching = filter.forge ? ordered.filter((entry) => entry.forge === filter.forge) : ordered;
    const requests = filter.limit !== undefined ? matching.slice(-filter.limit) : matching;
    return { total: this.#total, requests };
  }

  resize(capacity: number): void {
    const kept = this.page().requests.slice(-capacity);
    this.capacity = capacity;
    this.#entries = kept;
    this.#next = capacity === 0 ? 0 : kept.length % capacity;
  }

  clear(): void {
    this.#entries = [];
    this.#next = 0;
    this.#total = 0;
  }
}
