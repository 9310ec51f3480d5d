import { type FkError, fkError } from '../../domain/errors/error.js';
import { FORGE_NAMES, type ForgeId } from '../../domain/forge.js';
import { err, ok, type Result } from '../../domain/result.js';
import { loadForgeDefinitions } from '../../forges/load-registry.js';
import type { VaultContext } from './context.js';
import { checkApiUrl, findHost } from './hosts.js';

/** Where a token lives, as the caller named it: a forge, an API URL and/or a configured host. */
export interface TargetInput {
  forge?: ForgeId;
  apiUrl?: string;
  host?: string;
}

/**
 * The forge and API URL a caller means. A host name gives both; an API URL is checked and
 * normalised; without either the forge's public API is meant (once the forge is known).
 */
export async function resolveTarget(
  ctx: VaultContext,
  input: TargetInput,
): Promise<Result<{ forge: ForgeId | undefined; apiUrl: string | undefined }, FkError>> {
  if (input.host !== undefined) {
    const host = await findHost(ctx, input.host);
    if (!host.ok) return host;
    if (input.forge !== undefined && input.forge !== host.value.forge) {
      return err(
        fkError('invalid_input', {
          message: `Host ${host.value.name} is a ${FORGE_NAMES[host.value.forge]} host, not ${FORGE_NAMES[input.forge]}.`,
        }),
      );
    }
    return ok({ forge: host.value.forge, apiUrl: host.value.apiUrl });
  }
  if (input.apiUrl === undefined) return ok({ forge: input.forge, apiUrl: undefined });
  const apiUrl = checkApiUrl(input.apiUrl);
  return apiUrl.ok ? ok({ forge: input.forge, apiUrl: apiUrl.value }) : apiUrl;
}

/** The API URL, or the forge's public one. */
export async function apiUrlOrDefault(forge: ForgeId, apiUrl: string | undefined): Promise<string> {
  return apiUrl ?? (await loadForgeDefinitions())[forge].defaultApiUrl;
}
