import type { ForgeId } from '../../domain/forge.js';
import type { HostConfig } from '../../services/vault/index.js';

/**
 * How a token's forge instance is shown: `forge/name`, with the configured host name when one has
 * that API URL (`github/github.com`, `gitlab/sandbox`), else the URL's host (`github/ghe.example.com`).
 */
export function hostLabel(forge: ForgeId, apiUrl: string, hosts: readonly HostConfig[]): string {
  const named = hosts.find((host) => host.forge === forge && host.apiUrl === apiUrl);
  return `${forge}/${named?.name ?? urlHost(apiUrl)}`;
}

function urlHost(apiUrl: string): string {
  try {
    return new URL(apiUrl).host;
  } catch {
    return apiUrl;
  }
}
