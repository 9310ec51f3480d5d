import { createHash } from 'node:crypto';
import { crc32 } from './crc32.js';
import type { SandboxForge } from './types.js';

/** A user on one sandbox forge, created the first time a token names its login. */
export interface SandboxAccount {
  forge: SandboxForge;
  login: string;
  /** GitHub / GitLab numeric user id; Bitbucket keeps one too, for rate-limit keys. */
  id: number;
  /** Bitbucket `uuid`, braces included: `{xxxxxxxx-…}`. */
  uuid: string;
  /** Bitbucket (Atlassian) `account_id`: 24 lowercase hex. */
  accountId: string;
  name: string;
  email: string;
  createdAtMs: number;
}

export interface AccountInput {
  login: string;
  email?: string;
  displayName?: string;
}

export class AccountConflictError extends Error {}

/** Per-forge id ranges, roughly the size of each forge's real ids. */
const ID_RANGES: Record<SandboxForge, { base: number; span: number }> = {
  github: { base: 10_000_000, span: 190_000_000 },
  gitlab: { base: 1_000, span: 30_000_000 },
  bitbucket: { base: 1_000, span: 90_000_000 },
};

/**
 * Accounts by forge and login. Ids are derived from the login, so `octo` has the same id after a
 * reset or in another sandbox (stable fixtures); a collision probes the next free id.
 */
export class AccountStore {
  readonly #byKey = new Map<string, SandboxAccount>();
  readonly #usedIds = new Set<string>();

  get(forge: SandboxForge, login: string): SandboxAccount | undefined {
    return this.#byKey.get(accountKey(forge, login));
  }

  /** The account for `login`, created on first use. A different email for an existing account is an error. */
  ensure(forge: SandboxForge, input: AccountInput, nowMs: number): SandboxAccount {
    const existing = this.get(forge, input.login);
    if (existing) {
      if (input.email && input.email.toLowerCase() !== existing.email.toLowerCase()) {
        throw new AccountConflictError(
          `${forge} account ${existing.login} already has email ${existing.email}, not ${input.email}`,
        );
      }
      return existing;
    }
    const digest = createHash('sha256').update(`${forge}:${input.login.toLowerCase()}`).digest('hex');
    const account: SandboxAccount = {
      forge,
      login: input.login,
      id: this.#freeId(forge, input.login),
      uuid: `{${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-a${digest.slice(17, 20)}-${digest.slice(20, 32)}}`,
      accountId: digest.slice(32, 56),
      name: input.displayName ?? input.login.charAt(0).toUpperCase() + input.login.slice(1),
      email: input.email ?? `${input.login.toLowerCase()}@example.com`,
      createdAtMs: nowMs,
    };
    this.#byKey.set(accountKey(forge, input.login), account);
    return account;
  }

  list(): SandboxAccount[] {
    return [...this.#byKey.values()];
  }

  clear(): void {
    this.#byKey.clear();
    this.#usedIds.clear();
  }

  #freeId(forge: SandboxForge, login: string): number {
    const { base, span } = ID_RANGES[forge];
    let offset = crc32(login.toLowerCase()) % span;
    while (this.#usedIds.has(`${forge}:${base + offset}`)) offset = (offset + 1) % span;
    this.#usedIds.add(`${forge}:${base + offset}`);
    return base + offset;
  }
}

/** Logins are case-insensitive on all three forges. */
export function accountKey(forge: SandboxForge, login: string): string {
  return `${forge}:${login.toLowerCase()}`;
}
