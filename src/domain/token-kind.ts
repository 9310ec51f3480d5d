import type { ForgeId } from './forge.js';

/**
 * Token kinds, per forge. The names are stable: they appear in `--json` output, the sandbox
 * control API and (later) the vault.
 */
export const TOKEN_KINDS = {
  github: [
    'classic', // ghp_
    'fine-grained', // github_pat_
    'oauth', // gho_
    'app-user', // ghu_
    'app-installation', // ghs_ (classic 40-char and the 2026 stateless long form)
    'app-refresh', // ghr_
    'legacy', // 40 lowercase hex, before April 2021
  ],
  gitlab: [
    'personal', // glpat- : personal, impersonation, project and group access tokens
    'oauth-secret', // gloas-
    'deploy', // gldt-
    'runner', // glrt-, glrtr-
    'ci-job', // glcbt-
    'trigger', // glptt-
    'feed', // glft-
    'incoming-mail', // glimt-
    'agent', // glagent-
    'workspace', // glwt-
    'scim', // glsoat-
    'feature-flags', // glffct-
  ],
  bitbucket: [
    'api_token', // ATATT3 — Atlassian API token with scopes, Basic email:token
    'access_token', // ATCTT3 — repository / project / workspace access token, Bearer
    'app_password', // ATBB — removed on 2026-07-28
  ],
} as const satisfies Record<ForgeId, readonly string[]>;

export type GitHubTokenKind = (typeof TOKEN_KINDS.github)[number];
export type GitLabTokenKind = (typeof TOKEN_KINDS.gitlab)[number];
export type BitbucketTokenKind = (typeof TOKEN_KINDS.bitbucket)[number];
export type TokenKind = GitHubTokenKind | GitLabTokenKind | BitbucketTokenKind;

/** A token kind together with its forge: what `detect` recognises and what adapters report. */
export type ForgeTokenKind =
  | { forge: 'github'; kind: GitHubTokenKind }
  | { forge: 'gitlab'; kind: GitLabTokenKind }
  | { forge: 'bitbucket'; kind: BitbucketTokenKind };

/** Kinds a person creates and pastes as a personal access token for the forge's API and git. */
export const PERSONAL_KINDS: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'classic',
  'fine-grained',
  'legacy',
  'personal',
  'api_token',
  'access_token',
]);
