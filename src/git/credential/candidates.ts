import type { FkError } from '../../domain/errors/error.js';
import { ok, type Result } from '../../domain/result.js';
import { loadForgeDefinitions } from '../../forges/load-registry.js';
import type { HostConfig, TokenView, Vault } from '../../services/vault/index.js';
import type { GitRule } from '../../store/index.js';
import { type GitTarget, locationOf, matchLocation } from './git-location.js';
import type { Candidate } from './select-token.js';

/** The owner's tokens, each with where git meets its forge (the forge definition's `webUrl`). */
export async function loadCandidates(vault: Vault, ownerId: string): Promise<Result<Candidate[], FkError>> {
  const tokens = await vault.list(ownerId);
  if (!tokens.ok) return tokens;
  const definitions = await loadForgeDefinitions();
  return ok(
    tokens.value.map((token: TokenView) => ({
      token,
      location: locationOf(definitions[token.forge].webUrl(token.apiUrl)),
    })),
  );
}

export async function loadRules(vault: Vault, ownerId: string): Promise<Result<GitRule[], FkError>> {
  return vault.store.gitRules.list(ownerId);
}

/**
 * The known forge instance (built-in or configured with `hosts add`) a git host belongs to, so a
 * credential git approved can be stored with its forge and API URL. Null when none or several.
 */
export async function hostFor(
  vault: Vault,
  ownerId: string,
  target: GitTarget,
): Promise<Result<HostConfig | null, FkError>> {
  const hosts = await vault.listHosts();
  if (!hosts.ok) return hosts;
  const tokens = await vault.list(ownerId);
  if (!tokens.ok) return tokens;
  // The instances the owner already has tokens for count as known too.
  const known = [...hosts.value];
  for (const token of tokens.value) {
    if (!known.some((h) => h.forge === token.forge && h.apiUrl === token.apiUrl)) {
      known.push({ name: token.apiUrl, forge: token.forge, apiUrl: token.apiUrl, builtin: false });
    }
  }
  const definitions = await loadForgeDefinitions();
  const sure: HostConfig[] = [];
  const maybe: HostConfig[] = [];
  for (const host of known) {
    const location = locationOf(definitions[host.forge].webUrl(host.apiUrl));
    if (location === null) continue;
    const match = matchLocation(location, target).type;
    if (match === 'yes') sure.push(host);
    if (match === 'maybe') maybe.push(host);
  }
  const found = sure.length > 0 ? sure : maybe;
  return ok(found.length === 1 ? (found[0] ?? null) : null);
}
