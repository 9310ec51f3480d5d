import type { FkError } from '../domain/errors/error.js';
import type { ForgeId } from '../domain/forge.js';
import type { Account, Inspection } from '../domain/inspection.js';
import type { Result } from '../domain/result.js';
import type { Secret } from '../domain/secret.js';
import type { TokenKind } from '../domain/token-kind.js';
import type { GitTarget, RepoAuth, RepoClient, RepoRef } from './repo-types.js';

export interface InspectOptions {
  /** Atlassian account email: Bitbucket API tokens authenticate as Basic `email:token`. */
  email?: string;
  /**
   * The account a re-check already knows for this token (Refresh All). A forge that needs a second
   * call only for the owner's name (GitLab `GET /user`) skips it while the token still belongs to
   * that account id, and makes it when the id changed. Forges that say who in their one call ignore it.
   */
  knownAccount?: Account;
  signal?: AbortSignal;
}

/**
 * One forge at one base URL. Created per (forge, API base URL); holds no module-level state.
 * Every failure is returned as an `FkError` from the catalogue, never thrown.
 */
export interface ForgeAdapter {
  readonly forge: ForgeId;
  /** API base URL without a trailing slash, e.g. `https://api.github.com`, `https://HOST/api/v4`. */
  readonly apiUrl: string;
  /**
   * Who the token belongs to, what it may do and when it expires, from the forge's introspection
   * call (GitHub `GET /user`; GitLab `GET /personal_access_tokens/self` + `GET /user`; Bitbucket
   * `GET /2.0/user`). `kind` is what the offline checks recognised; it picks the auth scheme.
   */
  inspect(token: Secret, kind: TokenKind, options?: InspectOptions): Promise<Result<Inspection, FkError>>;
  /**
   * Revoke the token at the forge, where the forge allows it (GitLab `DELETE
   * /personal_access_tokens/self`; GitHub's credential-revocation API). Absent where it cannot be
   * done (Bitbucket): callers then tell the user where to revoke it by hand.
   */
  revoke?(token: Secret, kind: TokenKind, options?: InspectOptions): Promise<Result<RevokeOutcome, FkError>>;
  /**
   * Rotate the token at the forge (GitLab `POST /personal_access_tokens/self/rotate`): the forge
   * revokes the old token and returns a new one. Absent where the forge cannot (GitHub, Bitbucket).
   */
  rotate?(token: Secret, kind: TokenKind, options?: RotateOptions): Promise<Result<RotatedToken, FkError>>;
  /** Repository operations with one token (repo-types.ts). */
  repos(auth: RepoAuth): RepoClient;
  /** Where git reaches a repository over HTTPS and the username to send beside this kind of token. No network call. */
  gitTarget(repo: RepoRef, kind: TokenKind): GitTarget;
}

/** `revoked`: the forge confirmed. `submitted`: accepted without saying whether the token was valid (GitHub). */
export type RevokeOutcome = 'revoked' | 'submitted';

export interface RotateOptions extends InspectOptions {
  /** `YYYY-MM-DD`; omitted → the forge's default (GitLab: one week when expiry is mandatory). */
  expiresAt?: string;
}

export interface RotatedToken {
  token: Secret;
  /** ISO 8601 instant the new token stops working, or null. */
  expiresAt: string | null;
}

/** Knobs of the shared HTTP pipeline that callers (CLI, services, tests, benchmarks) may set. */
export interface AdapterOptions {
  /** API base URL; defaults to the public forge. */
  apiUrl?: string;
  /** Per-attempt timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Retries for network errors and 5xx (default 2). Never for 4xx. */
  retries?: number;
  /** Base backoff in milliseconds before the first retry (default 250, doubled each time, with jitter). */
  backoffMs?: number;
  /** Longest wait the pipeline accepts for a Retry-After before giving up with `rate_limited` (default 0: never wait). */
  maxRateLimitWaitMs?: number;
  /** Receives one redacted line per request attempt. */
  onRequest?: (event: RequestEvent) => void;
}

/** A request attempt as logs and metrics see it: no header values, no query strings with secrets. */
export interface RequestEvent {
  forge: ForgeId;
  method: string;
  /** Path relative to the API base, query string removed. */
  path: string;
  status: number | null;
  attempt: number;
  durationMs: number;
  errorCode?: string;
}

/** The static description of a forge: its default URLs and how to make an adapter for it. */
export interface ForgeDefinition {
  id: ForgeId;
  defaultApiUrl: string;
  /** The web UI base for an API base URL (token pages live there), e.g. api.github.com → github.com. */
  webUrl(apiUrl: string): string;
  createAdapter(options?: AdapterOptions): ForgeAdapter;
}
