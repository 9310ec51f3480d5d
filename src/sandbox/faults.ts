import type { SandboxForge } from './types.js';

export const FAULT_TYPES = ['latency', 'status', 'reset', 'timeout', 'rate_limit', 'html'] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

/** A fault as created through the control API. */
export interface FaultSpec {
  forge: SandboxForge | '*';
  /** Glob on the path after the API base; `*` matches any run of characters, `/` included. */
  path?: string;
  type: FaultType;
  /** latency: added delay; timeout: how long to hold before dropping the connection (absent = forever). */
  ms?: number;
  /** status: the status to answer; rate_limit: GitHub's 403 or 429. */
  status?: number;
  /** rate_limit on GitHub: the primary (default) or secondary limit (forges.md §1.4). */
  variant?: 'primary' | 'secondary';
  /** Apply to the next N matching requests, then disappear; absent = unlimited. */
  count?: number;
  /** Chance of applying to each matching request, 0..1 (default 1). */
  probability?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Times it has been applied. */
  applied: number;
  /** Left to apply when `count` was given, else null. */
  remaining: number | null;
}

/** What the faults say about one request: extra delay, and at most one fault that answers instead. */
export interface FaultDecision {
  delayMs: number;
  answer: Fault | null;
}

interface CompiledFault {
  fault: Fault;
  pattern: RegExp | null;
}

function compileGlob(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/**
 * The active faults. Matching is linear in the number of faults (a handful in practice), so the
 * per-request cost stays O(1) for a benchmark. Every matching latency fault adds its delay; the first
 * matching fault of any other type answers the request.
 */
export class FaultStore {
  #faults: CompiledFault[] = [];
  #nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): Fault {
    const fault: Fault = {
      id: `fault-${this.#nextId++}`,
      ...spec,
      applied: 0,
      remaining: spec.count ?? null,
    };
    this.#faults.push({ fault, pattern: spec.path ? compileGlob(spec.path) : null });
    return fault;
  }

  list(): Fault[] {
    return this.#faults.map(({ fault }) => ({ ...fault }));
  }

  remove(id: string): boolean {
    const before = this.#faults.length;
    this.#faults = this.#faults.filter(({ fault }) => fault.id !== id);
    return this.#faults.length < before;
  }

  clear(): void {
    this.#faults = [];
  }

  decide(forge: SandboxForge, path: string): FaultDecision {
    const decision: FaultDecision = { delayMs: 0, answer: null };
    if (this.#faults.length === 0) return decision;
    let exhausted = false;
    for (const entry of this.#faults) {
      const { fault, pattern } = entry;
      if (fault.forge !== '*' && fault.forge !== forge) continue;
      if (pattern && !pattern.test(path)) continue;
      if (fault.type !== 'latency' && decision.answer) continue;
      const probability = fault.probability ?? 1;
      if (probability < 1 && !(this.random() < probability)) continue;
      this.#spend(fault);
      exhausted ||= fault.remaining === 0;
      if (fault.type === 'latency') decision.delayMs += fault.ms ?? 0;
      else decision.answer = { ...fault };
    }
    if (exhausted) this.#faults = this.#faults.filter(({ fault }) => fault.remaining !== 0);
    return decision;
  }

  #spend(fault: Fault): void {
    fault.applied += 1;
    if (fault.remaining !== null) fault.remaining -= 1;
  }
}
