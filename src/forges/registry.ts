import type { ForgeId } from '../domain/forge.js';
import { bitbucketDefinition } from './bitbucket/definition.js';
import { gitHubDefinition } from './github/definition.js';
import { gitLabDefinition } from './gitlab/definition.js';
import type { AdapterOptions, ForgeAdapter, ForgeDefinition } from './types.js';

/**
 * Every forge Forgekeeper speaks to, by id. The modules are small and share one HTTP pipeline on
 * undici, so they are bundled and loaded together; callers that must not pay for HTTP
 * at start-up (offline checks) import this module lazily.
 */
export const FORGE_DEFINITIONS: Record<ForgeId, ForgeDefinition> = {
  github: gitHubDefinition,
  gitlab: gitLabDefinition,
  bitbucket: bitbucketDefinition,
};

/** An adapter for `forge` at `options.apiUrl` (default: the public forge). Holds only its own state. */
export function createAdapter(forge: ForgeId, options: AdapterOptions = {}): ForgeAdapter {
  return FORGE_DEFINITIONS[forge].createAdapter(options);
}
