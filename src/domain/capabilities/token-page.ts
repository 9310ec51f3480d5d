import type { ForgeId } from '../forge.js';
import type { TokenKind } from '../token-kind.js';
import type { GitHubPermission } from './types.js';

export const DEFAULT_TOKEN_NAME = 'Forgekeeper';

/** Atlassian API tokens are made at id.atlassian.com, whatever the Bitbucket host (forges.md §3.1). */
export const ATLASSIAN_API_TOKENS_URL = 'https://id.atlassian.com/manage-profile/security/api-tokens';

/** GitHub's fine-grained form takes a name of at most 40 characters (docs, "Supported query parameters"). */
const GITHUB_FINE_GRAINED_NAME_MAX = 40;

export interface TokenPageInput {
  forge: ForgeId;
  /** The kind of token to create. */
  kind: TokenKind;
  /**
   * The forge's web base: `https://github.com`, `https://ghe.example.com`,
   * `https://example.com/gitlab`, a sandbox base such as `http://127.0.0.1:1234/github`. A bare host
   * (`github.com`) is read as https.
   */
  webUrl: string;
  /** Scopes to pre-select, in the forge's names. */
  scopes?: readonly string[];
  /** GitHub fine-grained permissions to pre-select. */
  permissions?: readonly GitHubPermission[];
  /** Token name; defaults to "Forgekeeper". */
  name?: string;
}

/**
 * The page where a person creates such a token, pre-filled where the forge supports it; `null`
 * where there is no single page (Bitbucket access tokens live in each repository's, project's or
 * workspace's settings; GitHub App tokens come from the app) or `webUrl` is not a URL.
 *
 * - GitHub classic: `/settings/tokens/new?scopes=…&description=…` — long-standing, unofficial but
 *   relied on widely (GitHub's 2025-08-26 changelog calls it "a hidden feature for PAT (Classic)").
 * - GitHub fine-grained: `/settings/personal-access-tokens/new?name=…&contents=write…`, documented
 *   in "Pre-filling fine-grained personal access token details using URL parameters"
 *   (docs.github.com, managing-your-personal-access-tokens; changelog 2025-08-26 "Template URLs for
 *   fine-grained PATs"). The docs mark it github.com/GHEC only and briefly withdrew it in 2026
 *   before restoring it (github/docs #61353, #61389); the parameters are optional, so a GHES that
 *   does not know them shows the plain form. We leave `expires_in` to the forge's default/policy.
 * - GitLab: `/-/user_settings/personal_access_tokens?name=…&scopes=…` (gitlab-org/gitlab MR 64897
 *   added name and scopes; the page moved from `/-/profile/` in 16.x and the old path redirects).
 */
export function tokenPageUrl(input: TokenPageInput): string | null {
  const name = input.name ?? DEFAULT_TOKEN_NAME;
  const scopes = input.scopes ?? [];
  switch (input.forge) {
    case 'github':
      return githubPage(input, name, scopes);
    case 'gitlab':
      return input.kind === 'personal'
        ? pageUrl(input.webUrl, '/-/user_settings/personal_access_tokens', [
            ['name', name],
            ...(scopes.length > 0 ? [['scopes', scopes.join(',')] as const] : []),
          ])
        : null;
    case 'bitbucket':
      // App passwords cannot be created any more: their replacement is an API token.
      return input.kind === 'api_token' || input.kind === 'app_password' ? ATLASSIAN_API_TOKENS_URL : null;
  }
}

function githubPage(input: TokenPageInput, name: string, scopes: readonly string[]): string | null {
  switch (input.kind) {
    case 'classic':
    case 'legacy':
    case 'oauth':
      return pageUrl(input.webUrl, '/settings/tokens/new', [
        ...(scopes.length > 0 ? [['scopes', scopes.join(',')] as const] : []),
        ['description', name],
      ]);
    case 'fine-grained':
      return pageUrl(input.webUrl, '/settings/personal-access-tokens/new', [
        ['name', name.slice(0, GITHUB_FINE_GRAINED_NAME_MAX)],
        // Metadata: read is granted to every fine-grained token; the docs' examples leave it out.
        ...(input.permissions ?? [])
          .filter((permission) => permission.param !== 'metadata')
          .map((permission) => [permission.param, permission.access] as const),
      ]);
    default:
      return null;
  }
}

/**
 * `webUrl` + `path` + query, keeping any sub-path of `webUrl` (self-managed GitLab under
 * `/gitlab`, sandbox bases). Commas and colons stay literal in the query — both are allowed there
 * (RFC 3986 sub-delims / pchar) and `scopes=repo,workflow` is what people and the forges' docs read.
 */
export function pageUrl(
  webUrl: string,
  path: string,
  params: readonly (readonly [string, string])[],
): string | null {
  const base = parseWebUrl(webUrl);
  if (base === null) return null;
  base.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  const query = new URLSearchParams(params.map(([key, value]): [string, string] => [key, value])).toString();
  base.search = query.replaceAll('%2C', ',').replaceAll('%3A', ':');
  base.hash = '';
  return base.toString();
}

function parseWebUrl(webUrl: string): URL | null {
  const trimmed = webUrl.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    url.search = '';
    return url;
  } catch {
    return null;
  }
}
