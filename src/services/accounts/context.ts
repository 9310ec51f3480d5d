import type { ErrorCode } from '../../domain/errors/catalogue.js';
import type { FkError } from '../../domain/errors/error.js';
import { ok, type Result } from '../../domain/result.js';
import type { AuditOutcome, Store, StoreTx } from '../../store/index.js';
import type { ApiKeyCache } from './api-key-cache.js';
import type { PasswordHasher } from './password-hashing.js';
import type { AccountsPolicy } from './policy.js';

/** What every accounts operation works with. Built once by `createAccounts`; holds no secret. */
export interface AccountsContext {
  readonly store: Store;
  readonly policy: AccountsPolicy;
  readonly hasher: PasswordHasher;
  readonly now: () => Date;
  /** API keys this process verified recently; see api-key-cache.ts. */
  readonly apiKeyCache: ApiKeyCache;
  /**
   * The setup code this process issued, so repeated calls (and the log line) show one code. Kept
   * in memory only: the database has its hash.
   */
  setupCode: { text: string; expiresAt: string } | null;
}

/** `now` plus `offsetMs`, as the store writes times. */
export function isoAt(ctx: AccountsContext, offsetMs = 0): string {
  return new Date(ctx.now().getTime() + offsetMs).toISOString();
}

export interface AccountEvent {
  ownerId: string;
  actor: string;
  /** 'login', 'logout', 'password_change', 'api_key_create', … */
  action: string;
  /** What it was about (a key's name, a username). Never a secret. */
  target?: string | null;
  outcome?: AuditOutcome;
  errorCode?: ErrorCode | null;
}

/** Appends an account event to the audit log of the user it concerns. */
export async function audit(
  ctx: AccountsContext,
  tx: StoreTx,
  event: AccountEvent,
): Promise<Result<void, FkError>> {
  const appended = await tx.audit.append({
    ownerId: event.ownerId,
    actor: event.actor,
    action: event.action,
    target: event.target ?? null,
    outcome: event.outcome ?? 'ok',
    errorCode: event.errorCode ?? null,
    at: isoAt(ctx),
  });
  return appended.ok ? ok(undefined) : appended;
}
