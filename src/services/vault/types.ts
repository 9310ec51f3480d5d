import type { Capability } from '../../domain/capability.js';
import type { ErrorCode } from '../../domain/errors/catalogue.js';
import type { FkError } from '../../domain/errors/error.js';
import type { ForgeId } from '../../domain/forge.js';
import type { Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import type { VaultStatus } from '../../domain/vault-status.js';
import type { RevokeOutcome } from '../../forges/types.js';
import type { Store } from '../../store/index.js';
import type { AuditEvent, AuditOutcome, Page, TokenRecord } from '../../store/types.js';
import type { InspectReport } from '../inspect-token.js';
import type { RefreshProgress, RefreshSummary } from '../refresh/index.js';

/**
 * A stored token as callers see it: metadata and mask, never the token, never the fingerprint.
 * `status` is computed at read time (an expiry that came inside the window reads as `expiring`).
 */
export interface TokenView extends Omit<TokenRecord, 'fingerprint' | 'keyId' | 'status'> {
  status: VaultStatus;
  /** Whole days until expiry, negative once passed; null when it does not expire. */
  daysLeft: number | null;
}

export interface AddInput {
  ownerId: string;
  /** What was pasted; cleaned and checked offline first. */
  raw: string;
  forge?: ForgeId;
  /** API base URL; defaults to the public forge. */
  apiUrl?: string;
  /** A configured host name (see `addHost`), instead of `apiUrl`. */
  host?: string;
  label?: string;
  /** Atlassian account email (Bitbucket API tokens). */
  email?: string;
  /** Default: true when the owner has no token for this (forge, API URL) yet. */
  makeDefault?: boolean;
  require?: Capability[];
  actor: string;
}

export interface AddResult {
  record: TokenView;
  /** false when the same token was already stored: its record was refreshed. */
  created: boolean;
  report: InspectReport;
  /** Set when the forge could not be asked and the token was stored unverified (`stale`). */
  notice: string | null;
}

export interface CheckInput {
  ownerId: string;
  id: string;
  require?: Capability[];
  actor: string;
  signal?: AbortSignal;
}

export interface CheckResult {
  record: TokenView;
  /** null when the token could not be opened. */
  report: InspectReport | null;
  /** What the check ended with (the record's status already reflects it); null when all is well. */
  error: FkError | null;
}

export interface RefreshAllInput {
  /** Omit to refresh every owner's tokens (the scheduler). */
  ownerId?: string;
  actor?: string;
  signal?: AbortSignal;
  onProgress?: (progress: RefreshProgress) => void;
  perHostConcurrency?: number;
  maxAttempts?: number;
  backoffMs?: number;
  /** Longest a host may wait out rate limits in this run before its tokens are left `stale`. */
  maxRateLimitPauseMs?: number;
}

export interface RemoveInput {
  ownerId: string;
  id: string;
  /** Revoke at the forge before deleting (where the forge allows it). */
  revoke?: boolean;
  actor: string;
}

/** How to revoke a token by hand where the forge has no API for it. */
export interface ManualRevocation {
  url: string;
  instructions: string;
}

export type RevocationResult =
  | { type: 'not_requested' }
  | { type: 'revoked'; outcome: RevokeOutcome }
  /** The forge already refuses the token (expired, revoked): nothing left to revoke. */
  | { type: 'already_dead'; code: ErrorCode }
  | { type: 'manual'; manual: ManualRevocation }
  /** Revoking the old token after a rotation failed (the new one is stored): retry by hand. */
  | { type: 'failed'; error: FkError; manual: ManualRevocation };

export interface RemoveResult {
  record: TokenView;
  revocation: RevocationResult;
}

export interface RotateInput {
  ownerId: string;
  id: string;
  /** The new token, created by the user (GitHub, Bitbucket, or GitLab by hand). */
  newRaw?: string;
  /** Bitbucket API tokens: the email, when it changed. */
  email?: string;
  /** After a user-supplied rotation: revoke the old token at the forge. */
  revokeOld?: boolean;
  /** GitLab API rotation: the new token's expiry date `YYYY-MM-DD`. */
  expiresAt?: string;
  actor: string;
}

export interface RotateResult {
  record: TokenView;
  /** `forge`: the forge made the new token (GitLab); `supplied`: the user gave it. */
  method: 'forge' | 'supplied';
  report: InspectReport | null;
  /** What happened to the old token. GitLab's API rotation revokes it in the same call. */
  oldToken: RevocationResult;
}

export type TokenSelector = { id: string } | { label: string } | { forge: ForgeId; apiUrl?: string };

export interface ListFilter {
  forge?: ForgeId;
  /** An API base URL or a configured host name. */
  host?: string;
  status?: VaultStatus | readonly VaultStatus[];
}

export interface AuditFilter {
  tokenId?: string;
  action?: string;
  outcome?: AuditOutcome;
  since?: string;
  limit?: number;
  cursor?: string | null;
}

/** A forge instance Forgekeeper knows by name: self-hosted, the sandbox, or a built-in public one. */
export interface HostConfig {
  name: string;
  forge: ForgeId;
  apiUrl: string;
  /** The public forges are always known and cannot be removed. */
  builtin: boolean;
}

type R<T> = Promise<Result<T, FkError>>;

/**
 * The token lifecycle: add, list, check, refresh, use, rotate, remove. Every method takes the owner
 * it acts for (the CLI acts as `LOCAL_OWNER_ID`) and answers a Result; nothing returns token text.
 * `withToken` is the only way to a plaintext token.
 */
export interface Vault {
  /** One-time messages from start-up (a generated master key to back up); the CLI prints them on stderr. */
  readonly notices: readonly string[];
  add(input: AddInput): R<AddResult>;
  /**
   * The owner's tokens as of now. The array and its views are frozen; while nothing about them
   * changed (no write, the same status and days left), the same array is returned again.
   */
  list(ownerId: string, filter?: ListFilter): R<readonly TokenView[]>;
  show(ownerId: string, id: string): R<TokenView>;
  check(input: CheckInput): R<CheckResult>;
  refreshAll(input?: RefreshAllInput): R<RefreshSummary>;
  remove(input: RemoveInput): R<RemoveResult>;
  rotate(input: RotateInput): R<RotateResult>;
  setDefault(ownerId: string, id: string, actor?: string): R<TokenView>;
  setLabel(ownerId: string, id: string, label: string | null, actor?: string): R<TokenView>;
  /**
   * Opens the token for the duration of `fn` only, records a `use` audit event and last-used. A
   * token that is expired (by its stored expiry too), invalid or undecryptable is refused before
   * `fn` runs. The Secret stops revealing once `fn` settles: do not keep it.
   */
  withToken<T>(
    ownerId: string,
    selector: TokenSelector,
    purpose: string,
    fn: (secret: Secret, record: TokenView) => Promise<T>,
    actor?: string,
  ): R<T>;
  audit(ownerId: string, filter?: AuditFilter): R<Page<AuditEvent>>;
  addHost(input: { forge: ForgeId; apiUrl: string; name?: string }): R<HostConfig>;
  listHosts(): R<HostConfig[]>;
  removeHost(name: string): R<HostConfig>;
  /**
   * The database the vault keeps its records in, for the services that keep theirs beside it in the
   * same database (accounts, the scheduler's run lock, the metrics census): one handle per process,
   * which SQLite needs. It holds tokens only sealed; `withToken` stays the only way to plaintext.
   */
  readonly store: Store;
  /** Closes the store. Idempotent. */
  close(): Promise<void>;
}
