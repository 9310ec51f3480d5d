import { ATLASSIAN_API_TOKENS_URL } from '../../domain/capabilities/token-page.js';
import type { FkError } from '../../domain/errors/error.js';
import type { ForgeId } from '../../domain/forge.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { loadForgeDefinitions } from '../../forges/load-registry.js';
import type { ForgeAdapter } from '../../forges/types.js';
import type { VaultContext } from './context.js';
import type { ManualRevocation } from './types.js';

export async function adapterFor(ctx: VaultContext, forge: ForgeId, apiUrl: string): Promise<ForgeAdapter> {
  return ctx.adapterFor(forge, apiUrl);
}

export async function webUrlOf(forge: ForgeId, apiUrl: string): Promise<string> {
  return (await loadForgeDefinitions())[forge].webUrl(apiUrl);
}

/**
 * Where a person revokes a token by hand, for forges (or adapters) that cannot do it through the
 * API: Bitbucket always (forges.md §3), GitHub and GitLab until their adapters can.
 */
export function manualRevocation(forge: ForgeId, kind: TokenKind, webUrl: string): ManualRevocation {
  switch (forge) {
    case 'bitbucket':
      return bitbucketRevocation(kind, webUrl);
    case 'github': {
      const fineGrained = kind === 'fine-grained';
      const url = `${webUrl}/settings/${fineGrained ? 'personal-access-tokens' : 'tokens'}`;
      return {
        url,
        instructions: `Open ${url}, find the token by its name or last characters, and delete it.`,
      };
    }
    case 'gitlab': {
      const url = `${webUrl}/-/user_settings/personal_access_tokens`;
      return {
        url,
        instructions: `Open ${url} and revoke the token (project and group access tokens: Settings → Access tokens of that project or group).`,
      };
    }
  }
}

function bitbucketRevocation(kind: TokenKind, webUrl: string): ManualRevocation {
  if (kind === 'access_token') {
    return {
      url: webUrl,
      instructions:
        'Bitbucket cannot revoke access tokens through its API. Open the repository (or project, or workspace) on Bitbucket, then Repository settings → Security → Access tokens, and revoke the token there.',
    };
  }
  if (kind === 'app_password') {
    const url = `${webUrl}/account/settings/app-passwords/`;
    return { url, instructions: `Open ${url} and revoke the app password.` };
  }
  return {
    url: ATLASSIAN_API_TOKENS_URL,
    instructions: `Bitbucket cannot revoke API tokens through its API. Open ${ATLASSIAN_API_TOKENS_URL} (signed in to the Atlassian account that made it) and revoke the token there.`,
  };
}

/** Errors meaning the forge already refuses the token: revoking it again is moot. */
export function isDeadToken(error: FkError): boolean {
  return error.code === 'bad_credentials' || error.code === 'token_revoked' || error.code === 'token_expired';
}
