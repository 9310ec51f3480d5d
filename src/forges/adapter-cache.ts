import type { ForgeId } from '../domain/forge.js';
import { loadForgeDefinitions } from './load-registry.js';
import type { AdapterOptions, ForgeAdapter } from './types.js';

/** Distinct API URLs kept; past this the cache starts over (a vault sees a handful of hosts). */
const MAX_ADAPTERS = 256;

/** An adapter for a forge at an API URL (`undefined`: the public forge). */
export type AdapterFor = (forge: ForgeId, apiUrl?: string) => Promise<ForgeAdapter>;

/**
 * One adapter per (forge, API URL) for the life of its owner (a vault, a service), instead of one per
 * call: an adapter holds no token and no per-request state (DESIGN.md: "instantiated per (forge, base
 * URL, token)" — the token is an argument of each call), and building one (definition, pipeline,
 * URL parsing) was a measurable share of a Refresh All check's CPU.
 */
export function createAdapterCache(options: Omit<AdapterOptions, 'apiUrl'> = {}): AdapterFor {
  const adapters = new Map<string, ForgeAdapter>();
  return async (forge, apiUrl) => {
    const key = `${forge} ${apiUrl ?? ''}`;
    const known = adapters.get(key);
    if (known !== undefined) return known;
    const adapter = (await loadForgeDefinitions())[forge].createAdapter({ ...options, apiUrl });
    if (adapters.size >= MAX_ADAPTERS) adapters.clear();
    adapters.set(key, adapter);
    return adapter;
  };
}
