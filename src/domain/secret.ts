const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * A token in memory. Every way of printing it (`String()`, template literals, `JSON.stringify`,
 * `console.log`/`util.inspect`) yields the mask; only `reveal()` gives the text, and it is called
 * at the HTTP boundary of a forge call or when a token is handed to git.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  /** Prefix and last four, e.g. `ghp_…x1Yz`; short values show only the last two. */
  mask(): string {
    return maskToken(this.#value);
  }

  equals(other: Secret): boolean {
    return other.#value === this.#value;
  }

  toString(): string {
    return this.mask();
  }

  toJSON(): string {
    return this.mask();
  }

  [inspectSymbol](): string {
    return `Secret(${this.mask()})`;
  }
}

const KNOWN_PREFIX = /^(github_pat_|gh[pousr]_|gl[a-z]+-|ATATT3|ATCTT3|ATBB)/;

export function maskToken(value: string): string {
  const prefix = KNOWN_PREFIX.exec(value)?.[1] ?? '';
  if (value.length - prefix.length < 12) return `${prefix}…${value.slice(-2)}`;
  return `${prefix}…${value.slice(-4)}`;
}
