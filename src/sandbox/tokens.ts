import { createHash } from 'node:crypto';
import { DAY_MS } from './clock.js';
import type { GitLabTokenFormat } from './token-formats.js';
import type { BitbucketCredentialType, SandboxForge, SandboxTokenKind, TokenState } from './types.js';

/** A token as the sandbox keeps it: by hash, never the plaintext. */
export interface TokenRecord {
  /** Control-API id, `<forge>-<n>`, e.g. `gitlab-3`. */
  id: string;
  /** `n` above; GitLab reports it as the token's `id`. */
  number: number;
  forge: SandboxForge;
  kind: SandboxTokenKind;
  hash: string;
  /** Masked form, e.g. `ghp_…x1Yz`. */
  hint: string;
  login: string;
  scopes: string[];
  /** GitHub fine-grained permissions, e.g. `{ contents: 'write' }`. */
  permissions: Record<string, string> | null;
  state: TokenState;
  /** Instant the token stops working, epoch ms; null = never. */
  expiresAtMs: number | null;
  createdAtMs: number;
  lastUsedAtMs: number | null;
  lastUsedIps: string[];
  name: string | null;
  description: string | null;
  gitlabFormat: GitLabTokenFormat | null;
  credentialType: BitbucketCredentialType | null;
  /** GitLab rotation family: the id of the first token of the chain (forges.md §2.6). */
  familyId: string;
  rotatedFromId: string | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Revoked wins over expired; an explicit `expired` state or a past expiry both mean expired. */
export function isRevoked(record: TokenRecord): boolean {
  return record.state === 'revoked';
}

export function isExpired(record: TokenRecord, nowMs: number): boolean {
  return record.state === 'expired' || (record.expiresAtMs !== null && nowMs >= record.expiresAtMs);
}

export function effectiveState(record: TokenRecord, nowMs: number): TokenState {
  if (isRevoked(record)) return 'revoked';
  return isExpired(record, nowMs) ? 'expired' : 'active';
}

/** GitHub revokes PATs unused for a year (forges.md §1.6). */
export function unusedFor(record: TokenRecord, nowMs: number, days: number | null): boolean {
  if (days === null) return false;
  return nowMs - (record.lastUsedAtMs ?? record.createdAtMs) >= days * DAY_MS;
}

export class TokenStore {
  readonly #byHash = new Map<string, TokenRecord>();
  readonly #byId = new Map<string, TokenRecord>();
  readonly #counters: Record<SandboxForge, number> = { github: 0, gitlab: 0, bitbucket: 0 };

  nextNumber(forge: SandboxForge): number {
    this.#counters[forge] += 1;
    return this.#counters[forge];
  }

  add(record: TokenRecord): void {
    this.#byHash.set(record.hash, record);
    this.#byId.set(record.id, record);
  }

  /** The record for a presented token, only if it was issued by `forge`. */
  find(forge: SandboxForge, token: string): TokenRecord | undefined {
    const record = this.#byHash.get(hashToken(token));
    return record?.forge === forge ? record : undefined;
  }

  byId(id: string): TokenRecord | undefined {
    return this.#byId.get(id);
  }

  list(): TokenRecord[] {
    return [...this.#byId.values()];
  }

  family(familyId: string): TokenRecord[] {
    return this.list().filter((record) => record.familyId === familyId);
  }

  clear(): void {
    this.#byHash.clear();
    this.#byId.clear();
    this.#counters.github = 0;
    this.#counters.gitlab = 0;
    this.#counters.bitbucket = 0;
  }
}
