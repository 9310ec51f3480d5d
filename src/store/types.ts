import type { SealedSecret } from '../crypto/types.js';
import type { ErrorCode } from '../domain/errors/catalogue.js';
import type { ForgeId } from '../domain/forge.js';
import type { Account } from '../domain/inspection.js';
import type { TokenKind } from '../domain/token-kind.js';

/** Timestamps cross the store boundary as ISO 8601 UTC strings (`Date#toISOString()`). */
export type IsoTime = string;

export type OwnerKind = 'local' | 'user';

/** Whoever records belong to. The CLI acts as the owner `local`, created by the first migration. */
export interface Owner {
  id: string;
  name: string;
  kind: OwnerKind;
  createdAt: IsoTime;
}

export const LOCAL_OWNER_ID = 'local';

/**
 * A stored token's metadata: everything but the sealed secret, safe to list and show.
 * `status` is the lifecycle status ('active', 'expiring', 'expired', 'invalid', 'insufficient_scope',
 * 'stale', 'suspect', 'undecryptable' …); the store keeps it as text and does not interpret it.
 */
export interface TokenRecord {
  id: string;
  ownerId: string;
  forge: ForgeId;
  /** Base URL of the forge's API, so self-hosted instances keep apart. */
  apiUrl: string;
  label: string | null;
  account: Account | null;
  /** The Atlassian account email that Bitbucket API tokens are used with. Not secret. */
  email: string | null;
  kind: TokenKind;
  /** Granted scopes; null = the forge does not say (unknown, not empty). */
  scopes: string[] | null;
  expiresAt: IsoTime | null;
  status: string;
  /** The catalogue code that explains `status`, when there is one. */
  statusCode: ErrorCode | null;
  lastCheckedAt: IsoTime | null;
  lastUsedAt: IsoTime | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
  /** Prefix and last four, e.g. `ghp_…x1Yz`. */
  mask: string;
  /** Keyed HMAC of the token text (hex); equal tokens of one owner have equal fingerprints. */
  fingerprint: string;
  isDefault: boolean;
  /** Id of the master key that wraps this token's data key. */
  keyId: string;
}

/**
 * A token to store. The caller chooses `id` (from `store.newId()`) before sealing, because the
 * sealed secret binds the record id as associated data.
 */
export interface NewToken {
  id: string;
  ownerId: string;
  forge: ForgeId;
  apiUrl: string;
  label?: string | null;
  account?: Account | null;
  email?: string | null;
  kind: TokenKind;
  scopes: string[] | null;
  expiresAt?: IsoTime | null;
  status: string;
  statusCode?: ErrorCode | null;
  lastCheckedAt?: IsoTime | null;
  lastUsedAt?: IsoTime | null;
  /** Defaults to the store's clock. */
  createdAt?: IsoTime;
  mask: string;
  fingerprint: string;
  /** true makes this the default token for (owner, forge, apiUrl), taking it from any other. */
  isDefault?: boolean;
  sealed: SealedSecret;
}

/**
 * Changes to a token. Absent fields stay as they are. Replacing the secret (a rotated token)
 * changes `sealed`, `fingerprint` and `mask` together. The default is changed only by `setDefault`.
 */
/**
 * One finished check to record (`Store.recordChecks`): the token's new facts, and the audit event
 * that says so — appended only when the token still exists.
 */
export interface CheckedTokenWrite {
  ownerId: string;
  id: string;
  patch: TokenPatch;
  event: NewAuditEvent;
}

export interface TokenPatch {
  label?: string | null;
  account?: Account | null;
  email?: string | null;
  kind?: TokenKind;
  scopes?: string[] | null;
  expiresAt?: IsoTime | null;
  status?: string;
  statusCode?: ErrorCode | null;
  lastCheckedAt?: IsoTime | null;
  lastUsedAt?: IsoTime | null;
  mask?: string;
  fingerprint?: string;
  sealed?: SealedSecret;
}

export interface TokenFilter {
  forge?: ForgeId;
  apiUrl?: string;
  statuses?: readonly string[];
}

/** Which token: its owner and id (`TokenStore.getManyWithSealed`). */
export interface TokenKey {
  ownerId: string;
  id: string;
}

/** A token's metadata and its sealed secret, read together (`TokenStore.getWithSealed`). */
export interface TokenWithSealed {
  record: TokenRecord;
  sealed: SealedSecret;
}

export interface UpsertOutcome {
  record: TokenRecord;
  /** false when a token with the same fingerprint already existed and was updated. */
  created: boolean;
}

/** What the refresh scheduler needs to check a token, across owners. */
export interface RefreshCandidate {
  id: string;
  ownerId: string;
  forge: ForgeId;
  apiUrl: string;
  kind: TokenKind;
  email: string | null;
  expiresAt: IsoTime | null;
  status: string;
  lastCheckedAt: IsoTime | null;
}

export interface RefreshQuery {
  /** Keyset cursor: the last id of the previous batch; omit for the first. */
  afterId?: string | null;
  limit: number;
  /** Only tokens never checked or last checked before this instant. */
  checkedBefore?: IsoTime;
  statuses?: readonly string[];
}

/** A sealed token with the context it is bound to, for the key-rotation job. */
export interface SealedTokenRow {
  id: string;
  ownerId: string;
  forge: ForgeId;
  sealed: SealedSecret;
}

/** What `rewrap` compares before it writes: the key id, and the wrapped key when given. */
export interface RewrapExpectation {
  keyId: string;
  wrappedKey?: Uint8Array;
}

export type AuditOutcome = 'ok' | 'error';

/**
 * One audit event. `action` is 'add' | 'check' | 'use' | 'rotate' | 'remove' | 'revoke' | … (kept as
 * text so new actions need no migration). `tokenId` survives the token's deletion.
 */
export interface AuditEvent {
  id: string;
  at: IsoTime;
  ownerId: string;
  /** Who acted: a user id, an API key id, or 'cli'. */
  actor: string;
  tokenId: string | null;
  forge: ForgeId | null;
  action: string;
  /** What the token was used for or on (a repository, a purpose). Never token text. */
  target: string | null;
  outcome: AuditOutcome;
  errorCode: ErrorCode | null;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'at' | 'tokenId' | 'forge' | 'target' | 'errorCode'> & {
  /** Defaults to `store.newId()`. */
  id?: string;
  /** Defaults to the store's clock. */
  at?: IsoTime;
  tokenId?: string | null;
  forge?: ForgeId | null;
  target?: string | null;
  errorCode?: ErrorCode | null;
};

export interface AuditQuery {
  tokenId?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** Only events at or after this instant. */
  since?: IsoTime;
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

/** A page of results, newest first; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type MasterKeyState = 'active' | 'retiring' | 'retired';

export interface MasterKeyRecord {
  id: string;
  /** Proof that a loaded key is this key (`keyCheck` in src/crypto), never the key itself. */
  checkValue: Uint8Array;
  /** The fingerprint key wrapped by this master key (`FingerprintKey#wrap(...).wrappedKey`). */
  wrappedFingerprintKey: Uint8Array;
  state: MasterKeyState;
  createdAt: IsoTime;
  retiredAt: IsoTime | null;
}

export interface NewMasterKey {
  id: string;
  checkValue: Uint8Array;
  wrappedFingerprintKey: Uint8Array;
  state: MasterKeyState;
  createdAt?: IsoTime;
}

/** Progress of rewrapping every token from one master key to another; resumable after a crash. */
export interface KeyRotation {
  fromKeyId: string;
  toKeyId: string;
  startedAt: IsoTime;
  /** Tokens rewrapped so far. */
  done: number;
  /** Tokens to rewrap: `done` plus those still under `fromKeyId` (grows if tokens are added under it meanwhile). */
  total: number;
  /** The last token id rewrapped, to resume `listSealedBatch` from. */
  cursor: string | null;
  finishedAt: IsoTime | null;
}

/**
 * A git rule: repositories matching `pattern` (`github.com/acme/*`, see src/git/credential/rule-pattern.ts)
 * get token `tokenId` from the git credential helper. Deleting the token deletes its rules.
 */
export interface GitRule {
  id: string;
  ownerId: string;
  /** Normalised pattern text; unique per owner. */
  pattern: string;
  tokenId: string;
  createdAt: IsoTime;
}

export interface NewGitRule {
  id: string;
  ownerId: string;
  pattern: string;
  tokenId: string;
  /** Defaults to the store's clock. */
  createdAt?: IsoTime;
}
