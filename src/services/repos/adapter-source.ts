import { loadForgeDefinitions } from '../../forges/load-registry.js';
import type { AdapterOptions } from '../../forges/types.js';
import type { AdapterSource } from './types.js';

/**
 * The adapters the server and the CLI use: the forge's definition at the token's API URL, with the
 * given HTTP knobs. The registry is loaded on first use (see load-registry.ts).
 */
export function forgeAdapters(options: Omit<AdapterOptions, 'apiUrl'> = {}): AdapterSource {
  return async (forge, apiUrl) => (await loadForgeDefinitions())[forge].createAdapter({ ...options, apiUrl });
}
