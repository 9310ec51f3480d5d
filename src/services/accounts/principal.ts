import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { UserRole } from '../../store/index.js';

/**
 * What a caller may do with the vault: `tokens:read` — list and inspect token metadata;
 * `tokens:use` — act on the forges with the user's tokens; `admin` — manage users.
 */
export type Scope = 'tokens:read' | 'tokens:use' | 'admin';

export const SCOPES: readonly Scope[] = ['tokens:read', 'tokens:use', 'admin'];

export type Role = UserRole;

/** Who is calling, and how they proved it. Built only by `authenticateSession` / `authenticateApiKey`. */
export interface Principal {
  readonly userId: string;
  /** The owner whose tokens this caller acts on: the user's own (a user is an owner). */
  readonly ownerId: string;
  readonly username: string;
  readonly role: Role;
  readonly via: 'session' | 'api_key';
  /** The API key that acted, for the audit; null for a session. */
  readonly apiKeyId: string | null;
  /** A session has every scope its role allows; an API key the scopes it was given, within that. */
  readonly scopes: ReadonlySet<Scope>;
}

const USER_SCOPES: ReadonlySet<Scope> = new Set<Scope>(['tokens:read', 'tokens:use']);
const ADMIN_SCOPES: ReadonlySet<Scope> = new Set<Scope>(SCOPES);

export function scopesForRole(role: Role): ReadonlySet<Scope> {
  return role === 'admin' ? ADMIN_SCOPES : USER_SCOPES;
}

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && SCOPES.some((scope) => scope === value);
}

export function can(principal: Principal, scope: Scope): boolean {
  return principal.scopes.has(scope);
}

/** `forbidden` unless the principal has `scope`; the message names what is missing. */
export function requireScope(principal: Principal, scope: Scope): Result<void, FkError> {
  if (can(principal, scope)) return ok(undefined);
  if (principal.via === 'api_key') {
    return err(
      fkError('forbidden', {
        message: `This API key lacks the scope ${scope}.`,
        remediation: `Create an API key with the scope ${scope} (Settings → API keys) and use it instead.`,
        details: { scope },
      }),
    );
  }
  return err(fkError('forbidden', { message: 'Only administrators can do this.', details: { scope } }));
}

/** `forbidden` for API keys: some things (new keys, a new password) need a person at a browser. */
export function requireSession(principal: Principal, what: string): Result<void, FkError> {
  if (principal.via === 'session') return ok(undefined);
  return err(
    fkError('forbidden', {
      message: `${what} needs a signed-in session; an API key cannot do it.`,
      remediation: 'Sign in to the web UI and do it there.',
    }),
  );
}

/** The audit's `actor`: the API key that acted, else the user. */
export function auditActor(principal: Principal): string {
  return principal.apiKeyId ?? principal.userId;
}
