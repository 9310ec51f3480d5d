import { FORGE_NAMES } from '../../domain/forge.js';
import type { VaultStatus } from '../../domain/vault-status.js';
import type { HostConfig, TokenView } from '../../services/vault/index.js';
import { hostLabel } from './host-label.js';
import { ago, utcTime } from './relative-time.js';
import { expiry } from './token-table.js';

/** What each status asks of a person, shown beside it. */
const STATUS_HINTS: Record<VaultStatus, string | null> = {
  active: null,
  expiring: 'expires soon: create its replacement and rotate (tokens rotate)',
  expired: 'create a new token and rotate this record to it (tokens rotate)',
  invalid: 'the forge rejects it: create a new token and rotate this record to it (tokens rotate)',
  insufficient_scope: 'it lacks a capability asked for at the last check',
  stale: 'the forge could not be asked at the last check; what is shown is the last known',
  suspect: 'the forge answered neither yes nor no: check it again (tokens check)',
  undecryptable: 'it cannot be decrypted with the loaded master key',
};

/** `tokens show` for people: every fact the vault keeps about a token, never the token. */
export function formatTokenDetail(token: TokenView, now: Date, hosts: readonly HostConfig[]): string {
  const lines = [
    `${FORGE_NAMES[token.forge]} · ${token.kind} token ${token.mask}`,
    row('ID', token.id),
    row('Label', token.label ?? '-'),
    row('Host', `${hostLabel(token.forge, token.apiUrl, hosts)} (${token.apiUrl})`),
    row('Default', token.isDefault ? 'yes, for this host' : 'no'),
    row('Account', account(token)),
  ];
  if (token.email) lines.push(row('Email', token.email));
  lines.push(row('Scopes', scopes(token)));
  lines.push(row('Status', status(token)));
  const expires = expiry(token, now);
  lines.push(row('Expires', token.expiresAt ? `${token.expiresAt.slice(0, 10)} (${expires})` : expires));
  lines.push(
    row(
      'Last used',
      token.lastUsedAt ? `${utcTime(token.lastUsedAt)} (${ago(token.lastUsedAt, now)})` : 'never',
    ),
  );
  lines.push(
    row(
      'Checked',
      token.lastCheckedAt ? `${utcTime(token.lastCheckedAt)} (${ago(token.lastCheckedAt, now)})` : 'never',
    ),
  );
  lines.push(row('Added', utcTime(token.createdAt)));
  return `${lines.join('\n')}\n`;
}

/** One line naming the stored record, above an inspection report (add, check, rotate). */
export function formatRecordLine(token: TokenView, hosts: readonly HostConfig[]): string {
  const label = token.label ? ` "${token.label}"` : '';
  const host = hostLabel(token.forge, token.apiUrl, hosts);
  const role = token.isDefault ? `the default for ${host}` : `on ${host}`;
  return `Token ${token.id}${label}, ${role}, status ${token.status}\n`;
}

function row(label: string, value: string): string {
  return `${label.padEnd(11)}${value}`;
}

function account(token: TokenView): string {
  if (!token.account) return token.lastCheckedAt ? 'none (the token acts as its own user)' : 'unknown';
  const name = token.account.name ? ` (${token.account.name})` : '';
  return `${token.account.login}${name}, id ${token.account.id}`;
}

function scopes(token: TokenView): string {
  if (token.scopes === null) {
    return token.lastCheckedAt ? 'not introspectable (the forge does not say)' : 'unknown';
  }
  return token.scopes.length === 0 ? '(none)' : token.scopes.join(', ');
}

function status(token: TokenView): string {
  const code = token.statusCode && token.statusCode !== token.status ? ` [${token.statusCode}]` : '';
  const hint = STATUS_HINTS[token.status];
  return `${token.status}${code}${hint ? ` — ${hint}` : ''}`;
}
