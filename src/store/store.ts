import type { SealedSecret } from '../crypto/types.js';
import type { FkError } from '../domain/errors/error.js';
import type { Result } from '../domain/result.js';
import type { AccountStores } from './account-store.js';
import type {
  AuditEvent,
  AuditQuery,
  CheckedTokenWrite,
  GitRule,
  KeyRotation,
  MasterKeyRecord,
  MasterKeyState,
  NewAuditEvent,
  NewGitRule,
  NewMasterKey,
  NewToken,
  Owner,
  OwnerKind,
  Page,
  RefreshCandidate,
  RefreshQuery,
  RewrapExpectation,
  SealedTokenRow,
  TokenFilter,
  TokenKey,
  TokenPatch,
  TokenRecord,
  TokenWithSealed,
  UpsertOutcome,
} from './types.js';

/**
 * Every store call answers a Result: driver failures arrive as `store_busy` (locked, after a few
 * retries), `store_unavailable` (unreachable, read-only, disk full) or `conflict` (a unique rule),
 * and missing records as `not_found`. Programming errors (bad SQL) still throw.
 */
export type StoreResult<T> = Promise<Result<T, FkError>>;

export type StoreDialect = 'sqlite' | 'postgres';

/** The records of one database: SQLite (embedded) or PostgreSQL (shared by several processes). */
export interface Store extends StoreTx {
  readonly dialect: StoreDialect;
  /**
   * Runs `fn` in one database transaction: it commits when `fn` returns ok and rolls back when
   * `fn` returns an error or throws. `fn` may run again when the database is busy, so keep side
   * effects (network calls) out of it. Inside `fn` use `tx` only: on SQLite the outer store waits
   * for the transaction to end (a deadlock); on PostgreSQL it would act outside the transaction.
   * After a store call inside `fn` fails, return its error: PostgreSQL refuses further statements
   * in that transaction.
   */
  transaction<T>(fn: (tx: StoreTx) => StoreResult<T>): StoreResult<T>;
  /**
   * Records many finished checks in one transaction: each token updated with its patch, and the
   * audit events of the tokens updated appended; a token deleted meanwhile is skipped, with its
   * event. Resolves with how many were recorded. On SQLite the transaction runs on a connection of
   * its own, on a thread beside the event loop (sqlite/write-thread.ts). Not for patches that carry
   * a sealed secret or an `undecryptable` mark: those go through `transaction`, where the key guard
   * sees them.
   */
  recordChecks(writes: readonly CheckedTokenWrite[]): StoreResult<number>;
  /** Names of the applied migrations, oldest first. */
  migrations(): StoreResult<string[]>;
  /** Closes the connection(s). Idempotent. */
  close(): Promise<void>;
}

/**
 * The store's record groups; inside `transaction` they act within that transaction. The accounts
 * groups (users, sessions, API keys …) are declared in account-store.ts.
 */
export interface StoreTx extends AccountStores {
  readonly owners: OwnerStore;
  readonly tokens: TokenStore;
  readonly audit: AuditStore;
  readonly keys: KeyStore;
  readonly settings: SettingsStore;
  readonly gitRules: GitRuleStore;
  /** A new time-sortable record id (UUID v7). Token ids come from here before sealing. */
  newId(): string;
}

export interface OwnerStore {
  /** Returns the owner `id`, creating it with `name` and `kind` when it does not exist yet. */
  ensure(owner: { id: string; name: string; kind: OwnerKind }): StoreResult<Owner>;
  /** The owner `id`, or `not_found`. */
  get(id: string): StoreResult<Owner>;
}

export interface TokenStore {
  /**
   * Stores a new token. `conflict` when the owner already has a token with this fingerprint (or
   * the id is taken); `not_found` when the owner does not exist.
   */
  insert(token: NewToken): StoreResult<TokenRecord>;
  /**
   * Stores a token, or, when the owner already has one with the same fingerprint, updates that
   * record's metadata and keeps its id, creation time and sealed secret (the secret is bound to the
   * existing id and is the same token text). Atomic: concurrent calls with one token leave one record.
   */
  upsertByFingerprint(token: NewToken): StoreResult<UpsertOutcome>;
  /** The owner's token `id` (metadata only), or `not_found` — also when it belongs to someone else. */
  get(ownerId: string, id: string): StoreResult<TokenRecord>;
  /** The sealed secret of the owner's token `id`, or `not_found`. */
  getSealed(ownerId: string, id: string): StoreResult<SealedSecret>;
  /**
   * `get` and `getSealed` in one read, for the callers that open the token they just read (a check):
   * one statement instead of two, and the two halves from the same row version.
   */
  getWithSealed(ownerId: string, id: string): StoreResult<TokenWithSealed>;
  /**
   * `getWithSealed` for many tokens (of any owners) in one statement: the ones found, in no
   * particular order. A key whose token is gone, or belongs to another owner, is left out.
   */
  getManyWithSealed(keys: readonly TokenKey[]): StoreResult<TokenWithSealed[]>;
  /** The owner's tokens (metadata only), oldest first. */
  list(ownerId: string, filter?: TokenFilter): StoreResult<TokenRecord[]>;
  /** Applies `patch` and bumps `updatedAt`; `conflict` when a new fingerprint is taken. */
  update(ownerId: string, id: string, patch: TokenPatch): StoreResult<TokenRecord>;
  /** Deletes the token and its ciphertext; answers the deleted metadata. Audit events stay. */
  delete(ownerId: string, id: string): StoreResult<TokenRecord>;
  /** Makes `id` the owner's only default for its (forge, apiUrl), atomically. */
  setDefault(ownerId: string, id: string): StoreResult<TokenRecord>;
  /** One batch of tokens to check, across owners, in id order (keyset paging with `afterId`). */
  listForRefresh(query: RefreshQuery): StoreResult<RefreshCandidate[]>;
  /** Up to `limit` tokens sealed under master key `keyId` with an id after `afterId`, in id order. */
  listSealedBatch(afterId: string | null, limit: number, keyId: string): StoreResult<SealedTokenRow[]>;
  /** How many tokens are sealed under master key `keyId` (the rotation's `total`). */
  countSealed(keyId: string): StoreResult<number>;
  /**
   * Replaces the sealed secret of token `id` only if it is still as `expected` (compare-and-set),
   * so a concurrent writer's new secret is never overwritten with a rewrapped old one. Answers
   * false when it changed or the token is gone.
   */
  rewrap(id: string, expected: RewrapExpectation, next: SealedSecret): StoreResult<boolean>;
}

export interface AuditStore {
  /** Appends an event; events are never changed or deleted by the store. */
  append(event: NewAuditEvent): StoreResult<AuditEvent>;
  /** Appends several events, in order, with one statement per 100, atomically (all or none). */
  appendMany(events: readonly NewAuditEvent[]): StoreResult<AuditEvent[]>;
  /** The owner's events, newest first, filtered, one page at a time. */
  list(ownerId: string, query: AuditQuery): StoreResult<Page<AuditEvent>>;
}

export interface KeyStore {
  /** All master keys, oldest first. */
  list(): StoreResult<MasterKeyRecord[]>;
  /** Records a master key; `conflict` when the id exists or a second key would be active. */
  insert(key: NewMasterKey): StoreResult<MasterKeyRecord>;
  /** Moves key `id` to `state`; `retiredAt` is set when it becomes retired. */
  setState(id: string, state: MasterKeyState): StoreResult<MasterKeyRecord>;
  /** The unfinished rotation if there is one, else the latest finished one, else null. */
  getRotation(): StoreResult<KeyRotation | null>;
  /** Creates or updates the progress of the rotation (fromKeyId → toKeyId). */
  saveRotation(progress: KeyRotation): StoreResult<KeyRotation>;
}

export interface SettingsStore {
  /** The value of `key`, or null. */
  get(key: string): StoreResult<string | null>;
  /** Sets `key` to `value`. */
  set(key: string, value: string): StoreResult<void>;
}

/** Per-owner git rules (which token the credential helper gives which repositories). */
export interface GitRuleStore {
  /**
   * Adds a rule. `conflict` when the owner already has a rule with this pattern; `not_found` when
   * the owner or the token does not exist (or the token is another owner's).
   */
  insert(rule: NewGitRule): StoreResult<GitRule>;
  /** The owner's rules, oldest first. */
  list(ownerId: string): StoreResult<GitRule[]>;
  /** Deletes the owner's rule `id` and answers it, or `not_found`. */
  delete(ownerId: string, id: string): StoreResult<GitRule>;
}
