import { CAPABILITIES } from '../../domain/capability.js';
import { FORGE_NAMES } from '../../domain/forge.js';
import { daysUntil } from '../../domain/status.js';
import type { InspectReport } from '../../services/inspect-token.js';

/** The human form of an inspection: what it is, whose, what it can do, when it expires, what to fix. */
export function formatInspectReport(report: InspectReport, now: Date): string {
  const lines: string[] = [];
  const forge = report.forge ? FORGE_NAMES[report.forge] : 'Unknown forge';
  lines.push(`${forge} · ${report.kind ?? 'unrecognised'} token ${report.mask ?? ''}`.trimEnd());
  lines.push(row('Checksum', report.checksum));
  if (report.removed.length > 0) lines.push(row('Cleaned', `removed ${report.removed.join(', ')}`));
  if (report.account) {
    const name = report.account.name ? ` (${report.account.name})` : '';
    lines.push(row('Account', `${report.account.login}${name}, id ${report.account.id}`));
  } else if (report.extra.credentialType) {
    lines.push(
      row('Account', `none: a ${report.extra.credentialType.replaceAll('_', ' ')} acts as its own user`),
    );
  }
  if (report.status !== 'unverified' && !report.error) lines.push(row('Scopes', formatScopes(report.scopes)));
  if (report.expiresAt) lines.push(row('Expires', formatExpiry(report.expiresAt, now)));
  else if (report.status !== 'unverified' && !report.error)
    lines.push(row('Expires', 'never (or not said by the forge)'));
  if (report.lastUsedAt) lines.push(row('Last used', report.lastUsedAt));
  if (report.rateLimit?.remaining != null) {
    lines.push(row('Rate limit', `${report.rateLimit.remaining}/${report.rateLimit.limit ?? '?'} left`));
  }
  if (report.capabilities) lines.push(row('Can', formatCapabilities(report)));
  lines.push(row('Status', report.status));
  lines.push(...problems(report));
  return `${lines.join('\n')}\n`;
}

function row(label: string, value: string): string {
  return `${label.padEnd(11)}${value}`;
}

function formatScopes(scopes: string[] | null): string {
  if (scopes === null)
    return 'not introspectable (the forge does not tell a fine-grained token’s permissions)';
  return scopes.length === 0 ? '(none)' : scopes.join(', ');
}

function formatExpiry(expiresAt: string, now: Date): string {
  const days = daysUntil(expiresAt, now);
  const date = expiresAt.slice(0, 10);
  if (days < 0) return `${date} (expired ${-days} day${-days === 1 ? '' : 's'} ago)`;
  if (days === 0) return `${date} (today)`;
  return `${date} (in ${days} day${days === 1 ? '' : 's'})`;
}

function formatCapabilities(report: InspectReport): string {
  const capabilities = report.capabilities;
  if (!capabilities) return '';
  return CAPABILITIES.map((name) => {
    const value = capabilities[name];
    return `${value === null ? '?' : value ? '✓' : '✗'} ${name}`;
  }).join('  ');
}

function problems(report: InspectReport): string[] {
  const lines: string[] = [];
  if (report.error) {
    lines.push(
      '',
      `Problem    [${report.error.code}] ${report.error.message}`,
      `Fix        ${report.error.remediation}`,
    );
  }
  if (report.unknown.length > 0) {
    lines.push(
      '',
      `Unverified ${report.unknown.join(', ')}: this token's permissions cannot be read.`,
      `Check      the token has: ${report.permissionsNeeded.join(', ')}`,
    );
  }
  for (const note of report.notes) lines.push(`Note       ${note}`);
  if (report.status === 'expiring' && report.expiresAt) {
    lines.push('', 'Warning    the token expires soon: create its replacement now.');
  }
  return lines;
}
