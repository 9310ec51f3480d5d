import type { ForgeId } from './forge.js';
import type { TokenKind } from './token-kind.js';

/** Whose token it is. `id` is the forge's stable id (GitHub numeric id, GitLab id, Bitbucket uuid). */
export interface Account {
  id: string;
  login: string;
  name: string | null;
}

/** What the forge said about our remaining request budget, when it said anything. */
export interface RateLimitState {
  limit: number | null;
  remaining: number | null;
  /** ISO 8601, when the window resets. */
  resetAt: string | null;
  resource: string | null;
}

/**
 * What one live call to the forge told us about a token. Adapters produce it; services add the
 * offline findings, capabilities and status on top.
 */
export interface Inspection {
  forge: ForgeId;
  kind: TokenKind;
  /** null when the token is not a user (Bitbucket access tokens act as their own pseudo-user). */
  account: Account | null;
  /**
   * Granted scopes, normalised as the forge names them. `null` means the forge does not let a
   * token's grant be read (GitHub fine-grained tokens): unknown, not empty.
   */
  scopes: string[] | null;
  /** ISO 8601 instant the token stops working, or null when it never expires / the forge does not say. */
  expiresAt: string | null;
  /** ISO 8601, GitLab only. */
  lastUsedAt: string | null;
  rateLimit: RateLimitState | null;
  /** Forge-specific extras worth showing (GitLab token name, Bitbucket credential type …). */
  extra: Record<string, string>;
}
