import type { IsoTime } from './types.js';

/** The records of people and machines. No secret is stored: only hashes of them. */

export type UserRole = 'admin' | 'user';

/** A local account. `id` is also the user's owner id: every user is an owner of kind 'user'. */
export interface UserRecord {
  id: string;
  /** As the user typed it; unique without regard to case. */
  username: string;
  displayName: string;
  role: UserRole;
  disabled: boolean;
  /** false for an invited user who has not set a password yet. */
  hasPassword: boolean;
  createdAt: IsoTime;
  passwordChangedAt: IsoTime | null;
}

export interface NewUser {
  /** From `store.newId()`; becomes the owner id. */
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  /** argon2id PHC string, or null for an invitation. */
  passwordHash: string | null;
  createdAt: IsoTime;
}

/** What a login needs: the user and the password hash to verify. */
export interface UserCredentials {
  user: UserRecord;
  passwordHash: string | null;
}

export interface SessionRecord {
  id: string;
  userId: string;
  /** SHA-256 (hex) of the session token; the token itself is never stored. */
  tokenHash: string;
  createdAt: IsoTime;
  lastSeenAt: IsoTime;
  /** The absolute expiry; the idle expiry follows from `lastSeenAt`. */
  expiresAt: IsoTime;
}

export type NewSession = SessionRecord;

export interface ApiKeyRecord {
  id: string;
  /** The public part of the key text, `fk_<publicId>_<secret>`. */
  publicId: string;
  userId: string;
  name: string;
  scopes: string[];
  /** SHA-256 (hex) of the whole key text. */
  keyHash: string;
  createdAt: IsoTime;
  expiresAt: IsoTime | null;
  lastUsedAt: IsoTime | null;
  revokedAt: IsoTime | null;
}

export type NewApiKey = Omit<ApiKeyRecord, 'lastUsedAt' | 'revokedAt'>;

export type OneTimeCodePurpose = 'setup' | 'invite';

export interface OneTimeCodeRecord {
  /** SHA-256 (hex) of the normalised code. */
  codeHash: string;
  purpose: OneTimeCodePurpose;
  /** The invited user; null for setup codes. */
  userId: string | null;
  createdAt: IsoTime;
  expiresAt: IsoTime;
}

/** Written once, by the setup that created the first administrator. */
export interface SetupRecord {
  adminUserId: string;
  completedAt: IsoTime;
}

/** Failed logins counted under one key (`user:…` or `ip:…`). */
export interface ThrottleRecord {
  key: string;
  /** Failures in the current window. */
  failures: number;
  windowStartedAt: IsoTime;
  /** Lockouts so far (for the backoff); forgotten after a quiet period. */
  lockouts: number;
  lockedUntil: IsoTime | null;
  updatedAt: IsoTime;
}

export interface FailureInput {
  at: IsoTime;
  /** Failures before this instant belong to an old window: counting starts again at 1. */
  windowStart: IsoTime;
  /** With no failure since this instant, the lockout count starts again at 0. */
  decayBefore: IsoTime;
}

export interface LockInput {
  at: IsoTime;
  until: IsoTime;
  /** Lock only if the key still has this many failures (one of several racing failures locks). */
  threshold: number;
}
