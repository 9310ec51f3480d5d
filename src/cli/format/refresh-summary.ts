import type { VaultStatus } from '../../domain/vault-status.js';
import type { RefreshSummary } from '../../services/refresh/types.js';
import type { HostConfig, TokenView } from '../../services/vault/index.js';
import { hostLabel } from './host-label.js';
import { formatTable } from './table.js';

/** Statuses a person should look at after a refresh. */
const ATTENTION: ReadonlySet<VaultStatus> = new Set<VaultStatus>([
  'expiring',
  'expired',
  'invalid',
  'insufficient_scope',
  'stale',
  'suspect',
  'undecryptable',
]);

export interface RefreshReportContext {
  tokens: readonly TokenView[];
  hosts: readonly HostConfig[];
  shortIds: ReadonlyMap<string, string>;
}

/** How many of the owner's tokens are in each status now. */
export function countStatuses(tokens: readonly TokenView[]): Partial<Record<VaultStatus, number>> {
  const counts: Partial<Record<VaultStatus, number>> = {};
  for (const token of tokens) counts[token.status] = (counts[token.status] ?? 0) + 1;
  return counts;
}

/**
 * The end of `tokens refresh` for people: what the run did, where the tokens stand now, and which
 * ones need a look. Stale and rate-limited tokens keep their last known status; none is called
 * invalid for a forge that did not answer.
 */
export function formatRefreshSummary(summary: RefreshSummary, context: RefreshReportContext): string {
  if (summary.total === 0) return 'No tokens to refresh.\n';
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const parts = [`${summary.checked} checked`];
  if (summary.stale.length > 0) parts.push(`${summary.stale.length} stale (the forge could not be asked)`);
  if (summary.rateLimited.length > 0) parts.push(`${summary.rateLimited.length} rate limited`);
  if (summary.cancelled.length > 0) parts.push(`${summary.cancelled.length} cancelled`);
  const lines = [
    `Refreshed ${summary.total} token${summary.total === 1 ? '' : 's'} in ${seconds} s: ${parts.join(', ')}.`,
  ];
  if (summary.aborted) lines.push('Cancelled: the tokens not checked keep their last known status.');
  const counts = Object.entries(countStatuses(context.tokens)).map(([status, count]) => `${count} ${status}`);
  if (counts.length > 0) lines.push(`Now: ${counts.join(', ')}.`);
  const attention = context.tokens.filter((token) => ATTENTION.has(token.status));
  if (attention.length === 0) return `${lines.join('\n')}\n`;
  const rows = attention.map((token) => [
    context.shortIds.get(token.id) ?? token.id,
    token.label ?? '-',
    hostLabel(token.forge, token.apiUrl, context.hosts),
    token.statusCode && token.statusCode !== token.status
      ? `${token.status} [${token.statusCode}]`
      : token.status,
  ]);
  const table = formatTable(['ID', 'LABEL', 'FORGE/HOST', 'STATUS'], rows).replace(/^(?=.)/gm, '  ');
  return `${lines.join('\n')}\n\nNeeds attention:\n${table}`;
}
