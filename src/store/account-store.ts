import type {
  ApiKeyRecord,
  FailureInput,
  LockInput,
  NewApiKey,
  NewSession,
  NewUser,
  OneTimeCodePurpose,
  OneTimeCodeRecord,
  SessionRecord,
  SetupRecord,
  ThrottleRecord,
  UserCredentials,
  UserRecord,
} from './account-types.js';
import type { StoreResult } from './store.js';
import type { IsoTime } from './types.js';

/** The record groups of people and machines, part of every `StoreTx`. */
export interface AccountStores {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly apiKeys: ApiKeyStore;
  readonly oneTimeCodes: OneTimeCodeStore;
  readonly setup: SetupStore;
  readonly loginThrottle: LoginThrottleStore;
}

export interface UserStore {
  /** Creates the owner (kind 'user') and the user, atomically; `conflict` when the username is taken. */
  insert(user: NewUser): StoreResult<UserRecord>;
  /** The user `id`, or `not_found`. */
  get(id: string): StoreResult<UserRecord>;
  /** The user and password hash for `username` (any case), or null. */
  credentials(username: string): StoreResult<UserCredentials | null>;
  /** The password hash of user `id` (null while invited), or `not_found`. */
  passwordHash(id: string): StoreResult<string | null>;
  /** Every user, oldest first. */
  list(): StoreResult<UserRecord[]>;
  /** Sets the password hash and `passwordChangedAt`. */
  setPassword(id: string, passwordHash: string, at: IsoTime): StoreResult<UserRecord>;
  setDisabled(id: string, disabled: boolean): StoreResult<UserRecord>;
  /** Administrators that are not disabled. */
  countActiveAdmins(): StoreResult<number>;
}

export interface SessionStore {
  insert(session: NewSession): StoreResult<SessionRecord>;
  /** The session whose token hashes to `tokenHash`, or null. */
  findByTokenHash(tokenHash: string): StoreResult<SessionRecord | null>;
  /** Moves `lastSeenAt` to `at` unless it is already at or after `ifBefore` (one write per interval). */
  touch(id: string, at: IsoTime, ifBefore: IsoTime): StoreResult<boolean>;
  /** Deletes the session; false when it was not there. */
  delete(id: string): StoreResult<boolean>;
  /** Deletes the user's sessions except `exceptId`; answers how many. */
  deleteForUser(userId: string, exceptId?: string | null): StoreResult<number>;
  /** Deletes sessions past their absolute expiry or idle since before `idleBefore`. */
  deleteExpired(now: IsoTime, idleBefore: IsoTime): StoreResult<number>;
}

export interface ApiKeyStore {
  /** `conflict` when the user has a live key of that name (or the public id is taken). */
  insert(key: NewApiKey): StoreResult<ApiKeyRecord>;
  /** The key with this public id, or null. */
  findByPublicId(publicId: string): StoreResult<ApiKeyRecord | null>;
  /** The key `id`, or `not_found`. */
  get(id: string): StoreResult<ApiKeyRecord>;
  /** The user's keys, revoked ones included, oldest first. */
  listForUser(userId: string): StoreResult<ApiKeyRecord[]>;
  /** Sets `revokedAt` (kept when already revoked); `not_found` when there is no such key. */
  revoke(id: string, at: IsoTime): StoreResult<ApiKeyRecord>;
  /** Moves `lastUsedAt` to `at` unless it is already at or after `ifBefore` (one write per interval). */
  touch(id: string, at: IsoTime, ifBefore: IsoTime): StoreResult<boolean>;
}

export interface OneTimeCodeStore {
  insert(code: OneTimeCodeRecord): StoreResult<OneTimeCodeRecord>;
  /** The unexpired code of `purpose` with this hash, or null. */
  find(purpose: OneTimeCodePurpose, codeHash: string, now: IsoTime): StoreResult<OneTimeCodeRecord | null>;
  /**
   * Deletes and answers the unexpired code of `purpose` with this hash, or null: of several racing
   * redeemers, exactly one gets it.
   */
  consume(purpose: OneTimeCodePurpose, codeHash: string, now: IsoTime): StoreResult<OneTimeCodeRecord | null>;
  /** Deletes every code of `purpose` (for one user, when `userId` is given); answers how many. */
  deleteAll(purpose: OneTimeCodePurpose, userId?: string): StoreResult<number>;
  /** Deletes codes that expired before `now`. */
  deleteExpired(now: IsoTime): StoreResult<number>;
}

export interface SetupStore {
  /** The completed setup, or null while the server waits for its first administrator. */
  get(): StoreResult<SetupRecord | null>;
  /** Records the setup; `conflict` when it is already recorded (a racing setup won). */
  complete(setup: SetupRecord): StoreResult<SetupRecord>;
}

export interface LoginThrottleStore {
  /** The records of `keys` that exist. */
  get(keys: readonly string[]): StoreResult<ThrottleRecord[]>;
  /** Counts one failure under `key`, atomically (concurrent failures all count). */
  recordFailure(key: string, input: FailureInput): StoreResult<ThrottleRecord>;
  /**
   * Locks `key` until `until`, bumps its lockout count and starts a new window — only if it still
   * has `threshold` failures; null when another request locked it first.
   */
  lock(key: string, input: LockInput): StoreResult<ThrottleRecord | null>;
  /** Forgets `key` (a successful login). */
  clear(key: string): StoreResult<void>;
  /** Deletes records untouched since `before` that are not locked at `now`. */
  deleteStale(before: IsoTime, now: IsoTime): StoreResult<number>;
}
