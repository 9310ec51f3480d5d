import type { TokenKind } from '../token-kind.js';
import { BITBUCKET_CLASSIC_LABELS } from './bitbucket-scopes.js';

/** How the forges' own pages name the kinds a person can create. */
const LABELS: Partial<Record<TokenKind, string>> = {
  classic: 'personal access token (classic)',
  legacy: 'personal access token (classic)',
  'fine-grained': 'fine-grained personal access token',
  personal: 'personal access token',
  api_token: 'API token',
  access_token: 'access token',
  app_password: 'app password',
};

export function tokenKindLabel(kind: TokenKind): string {
  return LABELS[kind] ?? `${kind} token`;
}

/**
 * Scopes as a person finds them on the creation form: Bitbucket's access-token form shows
 * "Repositories: Write" rather than `repository:write`; the other forms show the scope names.
 */
export function scopeLabels(kind: TokenKind, scopes: readonly string[]): string[] {
  if (kind !== 'access_token') return [...scopes];
  return scopes.map((scope) => BITBUCKET_CLASSIC_LABELS[scope] ?? scope);
}
