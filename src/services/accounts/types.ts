import type { FkError } from '../../domain/errors/error.js';
import type { Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import type { IsoTime } from '../../store/index.js';
import type { Principal, Role, Scope } from './principal.js';

export type AccountsResult<T> = Promise<Result<T, FkError>>;

export type SetupState = 'needs_setup' | 'ready';

/** A user as lists and answers show them: no password hash. */
export interface UserView {
  id: string;
  /** The same as `id`: every user is an owner of tokens. */
  ownerId: string;
  username: string;
  displayName: string;
  role: Role;
  /** 'invited' until the invitation is redeemed with a password. */
  status: 'active' | 'invited' | 'disabled';
  createdAt: IsoTime;
  passwordChangedAt: IsoTime | null;
}

/** An API key's metadata: never the key. */
export interface ApiKeyView {
  id: string;
  userId: string;
  name: string;
  scopes: Scope[];
  /** `fk_<public id>_…` */
  mask: string;
  status: 'active' | 'expired' | 'revoked';
  createdAt: IsoTime;
  expiresAt: IsoTime | null;
  lastUsedAt: IsoTime | null;
  revokedAt: IsoTime | null;
}

export interface SessionView {
  id: string;
  createdAt: IsoTime;
  lastSeenAt: IsoTime;
  /** The absolute end. */
  expiresAt: IsoTime;
  /** When it ends if it is not used before. */
  idleExpiresAt: IsoTime;
}

/** A session that `authenticateSession` accepted. */
export interface SessionAuth {
  principal: Principal;
  session: SessionView;
  /**
   * The session's CSRF token, for the page to send back in `X-CSRF-Token` on writes (a page that
   * was reloaded gets it again from here). Derived from the session token, never stored.
   */
  csrfToken: string;
}

export interface IssuedSetupCode {
  /** Show once: the server logs it. */
  code: Secret;
  expiresAt: IsoTime;
  /** false when this process had already issued it (the same code again). */
  created: boolean;
}

export interface CompleteSetupInput {
  code: string;
  username: string;
  password: string;
  displayName?: string;
}

export interface LoginInput {
  username: string;
  password: string;
  /** The client's address (behind a proxy: the one it reports, when trusted). */
  ip: string;
}

export interface LoginResult {
  /** The cookie's value. Show once; only its SHA-256 is stored. */
  sessionToken: Secret;
  csrfToken: string;
  sessionId: string;
  expiresAt: IsoTime;
  idleExpiresAt: IsoTime;
  user: UserView;
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

export interface CreateUserInput {
  username: string;
  password: string;
  displayName?: string;
  /** Default 'user'. */
  role?: Role;
}

export interface InviteInput {
  username: string;
  displayName?: string;
  role?: Role;
}

export interface Invitation {
  user: UserView;
  /** Show once, to be passed to the invitee. */
  code: Secret;
  expiresAt: IsoTime;
}

export interface RedeemInviteInput {
  code: string;
  password: string;
}

export interface CreateApiKeyInput {
  name: string;
  scopes: readonly Scope[];
  /** ISO 8601; in the future. None: the key works until revoked. */
  expiresAt?: IsoTime | null;
}

export interface CreatedApiKey {
  /** Show once: only its SHA-256 is stored. */
  key: Secret;
  apiKey: ApiKeyView;
}

export interface PruneCounts {
  sessions: number;
  codes: number;
  throttles: number;
}

/**
 * People and machines: first-run setup, local accounts, browser sessions with CSRF tokens, login
 * throttling, and API keys for programs. Every call answers a Result; authorisation is checked
 * here, from the `Principal` (or `SessionAuth`) the caller passes.
 */
export interface AccountsService {
  setupState(): AccountsResult<SetupState>;
  /** A one-time code for the first administrator; `setup_complete` once there is one. */
  issueSetupCode(): AccountsResult<IssuedSetupCode>;
  /** Creates the first administrator; needs a setup code. Of racing calls, one wins. */
  completeSetup(input: CompleteSetupInput): AccountsResult<UserView>;

  login(input: LoginInput): AccountsResult<LoginResult>;
  authenticateSession(sessionToken: string): AccountsResult<SessionAuth>;
  /** For writes authenticated by the session cookie; `csrf_failed` unless the token is this session's. */
  verifyCsrf(session: SessionAuth, csrfToken: string | null | undefined): Result<void, FkError>;
  /** Ends the session; succeeds for an unknown or ended one too. */
  logout(sessionToken: string): AccountsResult<void>;
  /** Needs the current password; ends every other session of the user. */
  changePassword(
    session: SessionAuth,
    input: ChangePasswordInput,
  ): AccountsResult<{ revokedSessions: number }>;

  createUser(actor: Principal, input: CreateUserInput): AccountsResult<UserView>;
  invite(actor: Principal, input: InviteInput): AccountsResult<Invitation>;
  redeemInvite(input: RedeemInviteInput): AccountsResult<UserView>;
  listUsers(actor: Principal): AccountsResult<UserView[]>;
  /** Ends the user's sessions; their API keys stop working until the user is enabled again. */
  disableUser(actor: Principal, userId: string): AccountsResult<UserView>;
  enableUser(actor: Principal, userId: string): AccountsResult<UserView>;
  /** Lifts a sign-in pause for `username` (not one for an address). */
  clearLoginLockout(actor: Principal, username: string): AccountsResult<void>;

  /** A key for the actor's own user, shown once. */
  createApiKey(actor: Principal, input: CreateApiKeyInput): AccountsResult<CreatedApiKey>;
  /** The actor's keys; an administrator may name another user. */
  listApiKeys(actor: Principal, userId?: string): AccountsResult<ApiKeyView[]>;
  /** The actor's own key, or any key for an administrator. */
  revokeApiKey(actor: Principal, apiKeyId: string): AccountsResult<ApiKeyView>;
  /** `bearer`: the key, or the whole `Bearer …` header value. */
  authenticateApiKey(bearer: string): AccountsResult<Principal>;

  /** Deletes ended sessions, expired codes and stale throttle records; run it now and then. */
  pruneExpired(): AccountsResult<PruneCounts>;
}
