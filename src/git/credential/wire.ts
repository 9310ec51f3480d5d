/**
 * What the helper asks its answerer — the local agent over its socket, the server over HTTP
 * (`POST /api/v1/git/credential`), or the vault opened in-process — and what it gets back. Shared
 * by all three so the helper's path is one shape. No imports: part of the helper's start-up path.
 */

export type CredentialAction = 'get' | 'store' | 'erase';

export interface CredentialQuery {
  action: CredentialAction;
  protocol: string;
  /** With its port, as git gives it. */
  host: string;
  /** Without a leading slash; absent without `credential.useHttpPath`. */
  path?: string;
  username?: string;
  /** `store` and `erase` only: the credential git approved or rejected. */
  password?: string;
  /** `store`/`erase`: the vault token a `state[]` of ours named (git ≥ 2.46), a hint to check first. */
  tokenId?: string;
}

/** A token for git (`get`), or nothing (`null` on the wire; 204 over HTTP). */
export interface CredentialReply {
  username: string;
  password: string;
  /** ISO 8601; null when the token does not expire or the expiry is unknown. */
  expiresAt: string | null;
  tokenId: string;
}

/** The agent's one-line JSON answer. `error` is a one-line message for stderr. */
export type AgentAnswer = { reply: CredentialReply | null; note?: string | null } | { error: string };

export const CREDENTIAL_ACTIONS: readonly CredentialAction[] = ['get', 'store', 'erase'];

/** Checks a decoded JSON value as a query (the agent and the server both receive them). */
export function asCredentialQuery(value: unknown): CredentialQuery | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const action = CREDENTIAL_ACTIONS.find((name) => name === v.action);
  if (action === undefined) return null;
  if (!short(v.protocol, 32) || !short(v.host, 512)) return null;
  const query: CredentialQuery = { action, protocol: v.protocol, host: v.host };
  for (const key of ['path', 'username', 'password', 'tokenId'] as const) {
    const field = v[key];
    if (field === undefined || field === null) continue;
    if (!short(field, 8192)) return null;
    query[key] = field;
  }
  return query;
}

function short(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max && !/[\n\0]/.test(value);
}
