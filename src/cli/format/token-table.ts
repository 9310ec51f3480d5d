import type { HostConfig, TokenView } from '../../services/vault/index.js';
import { hostLabel } from './host-label.js';
import { ago, countdown } from './relative-time.js';
import { formatTable } from './table.js';

const HEADERS = [
  'ID',
  'LABEL',
  'FORGE/HOST',
  'ACCOUNT',
  'KIND',
  'MASK',
  'STATUS',
  'EXPIRES',
  'LAST USED',
  'DEFAULT',
];

export interface TokenTableContext {
  now: Date;
  hosts: readonly HostConfig[];
  /** The id to show for each token (a unique prefix); the full id when absent. */
  shortIds: ReadonlyMap<string, string>;
}

/** `tokens list` for people: one row per token, the expiry as a countdown, never token text. */
export function formatTokenTable(tokens: readonly TokenView[], context: TokenTableContext): string {
  if (tokens.length === 0) return 'No tokens.\n';
  const rows = tokens.map((token) => [
    context.shortIds.get(token.id) ?? token.id,
    token.label ?? '-',
    hostLabel(token.forge, token.apiUrl, context.hosts),
    token.account?.login ?? '-',
    token.kind,
    token.mask,
    token.status,
    expiry(token, context.now),
    ago(token.lastUsedAt, context.now),
    token.isDefault ? '*' : '',
  ]);
  return formatTable(HEADERS, rows);
}

/** A token never verified (stored while its forge was down) has no known expiry, not "never". */
export function expiry(token: TokenView, now: Date): string {
  return token.expiresAt === null && token.lastCheckedAt === null
    ? 'unknown'
    : countdown(token.expiresAt, now);
}
