import type { HostConfig } from '../../services/vault/index.js';
import { formatTable } from './table.js';

/** `hosts list` for people: the built-in public forges first, then the configured ones. */
export function formatHostsTable(hosts: readonly HostConfig[]): string {
  const rows = hosts.map((host) => [
    host.name,
    host.forge,
    host.apiUrl,
    host.builtin ? 'built in' : 'configured',
  ]);
  return formatTable(['NAME', 'FORGE', 'API URL', 'SOURCE'], rows);
}
