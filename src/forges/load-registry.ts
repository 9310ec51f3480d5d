import type { ForgeId } from '../domain/forge.js';
import type { ForgeDefinition } from './types.js';

let loading: Promise<Record<ForgeId, ForgeDefinition>> | undefined;

/**
 * The forge registry, loaded on first need and then kept: commands that never call a forge (listing
 * tokens, `inspect --offline`) never pay for the HTTP pipeline, and the thousands of checks of a
 * Refresh All do not each go through `import()`. This caches a module, not a per-forge state.
 */
export function loadForgeDefinitions(): Promise<Record<ForgeId, ForgeDefinition>> {
  loading ??= import('./registry.js').then((module) => module.FORGE_DEFINITIONS);
  return loading;
}
