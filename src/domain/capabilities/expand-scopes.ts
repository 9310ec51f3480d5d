import type { ForgeId } from '../forge.js';
import type { TokenKind } from '../token-kind.js';

/** Scope → the scopes it directly implies. The closure is taken in `expandScopes`. */
export type ImplicationTable = Readonly<Record<string, readonly string[]>>;

/**
 * GitHub classic scopes. Source: forges.md §1.5 (from `scopes-for-oauth-apps.md`). GitHub stores
 * scopes normalised, dropping implied children ("user,gist,user:email" is stored as "user, gist"),
 * so the header rarely lists them and they must be re-derived here.
 */
export const GITHUB_IMPLIED: ImplicationTable = {
  repo: ['repo:status', 'repo_deployment', 'public_repo', 'repo:invite', 'security_events'],
  'admin:repo_hook': ['write:repo_hook'],
  'write:repo_hook': ['read:repo_hook'],
  'admin:org': ['write:org'],
  'write:org': ['read:org'],
  'admin:public_key': ['write:public_key'],
  'write:public_key': ['read:public_key'],
  'admin:gpg_key': ['write:gpg_key'],
  'write:gpg_key': ['read:gpg_key'],
  'admin:ssh_signing_key': ['write:ssh_signing_key'],
  'write:ssh_signing_key': ['read:ssh_signing_key'],
  user: ['read:user', 'user:email', 'user:follow'],
  project: ['read:project'],
  'write:packages': ['read:packages'],
  'write:discussion': ['read:discussion'],
  // GHES / GHEC only.
  'admin:enterprise': ['manage_runners:enterprise', 'manage_billing:enterprise', 'read:enterprise'],
};

/**
 * GitLab. Source: forges.md §2.5. `api` is full read/write API access "also Git over HTTP", so it
 * covers read_api and both repository scopes. `write_repository` is "git push/pull over HTTP", so
 * it covers read_repository (for git only: neither repository scope reaches the REST API).
 */
export const GITLAB_IMPLIED: ImplicationTable = {
  api: ['read_api', 'read_repository', 'write_repository'],
  write_repository: ['read_repository'],
};

/**
 * Bitbucket classic scopes (access tokens, app passwords). Source: developer.atlassian.com
 * "Scopes for the Bitbucket Cloud REST API": repository:write "implies repository"; pullrequest
 * "implies repository"; pullrequest:write "Implies pullrequest … implies repository:write";
 * snippet:write, issue:write and team:write imply their read scope; repository:admin "does not
 * imply repository or repository:write" — so there is no admin ⊃ write here. pipeline:write ⊃
 * pipeline and runner:write ⊃ runner follow the same write-implies-read rule (forges.md §3.5).
 */
export const BITBUCKET_CLASSIC_IMPLIED: ImplicationTable = {
  'repository:write': ['repository'],
  pullrequest: ['repository'],
  'pullrequest:write': ['pullrequest', 'repository:write'],
  'snippet:write': ['snippet'],
  'issue:write': ['issue'],
  'team:write': ['team'],
  'pipeline:write': ['pipeline'],
  'runner:write': ['runner'],
};

/** Bitbucket API-token scopes imply nothing (forges.md §3.1, §3.5). */
export const NO_IMPLICATIONS: ImplicationTable = {};

/** The implication table that applies to a token of this forge and kind. */
export function implicationsFor(forge: ForgeId, kind: TokenKind): ImplicationTable {
  switch (forge) {
    case 'github':
      return GITHUB_IMPLIED;
    case 'gitlab':
      return GITLAB_IMPLIED;
    case 'bitbucket':
      return kind === 'api_token' ? NO_IMPLICATIONS : BITBUCKET_CLASSIC_IMPLIED;
  }
}

/** Every scope in `scopes` plus everything they imply, transitively. Blank entries are dropped. */
export function expandWith(table: ImplicationTable, scopes: Iterable<string>): Set<string> {
  const result = new Set<string>();
  const pending = [...scopes].map((scope) => scope.trim()).filter((scope) => scope !== '');
  for (let scope = pending.pop(); scope !== undefined; scope = pending.pop()) {
    if (result.has(scope)) continue;
    result.add(scope);
    pending.push(...(Object.hasOwn(table, scope) ? (table[scope] ?? []) : []));
  }
  return result;
}

/** Granted scopes with the forge's implied scopes added, e.g. GitHub `repo` → also `public_repo`. */
export function expandScopes(forge: ForgeId, kind: TokenKind, scopes: Iterable<string>): Set<string> {
  return expandWith(implicationsFor(forge, kind), scopes);
}
