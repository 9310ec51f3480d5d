import type { TokenKind } from '../token-kind.js';

/** What each kind is called in messages; brands spelled GitHub, GitLab, Bitbucket. */
export const KIND_LABELS: Record<TokenKind, string> = {
  classic: 'GitHub personal access token (classic)',
  'fine-grained': 'GitHub fine-grained personal access token',
  oauth: 'GitHub OAuth app token',
  'app-user': 'GitHub App user access token',
  'app-installation': 'GitHub App installation access token',
  'app-refresh': 'GitHub App refresh token',
  legacy: 'GitHub token in the pre-2021 format (40 hexadecimal characters)',
  personal: 'GitLab personal access token',
  'oauth-secret': 'GitLab OAuth application secret',
  deploy: 'GitLab deploy token',
  runner: 'GitLab runner token',
  'ci-job': 'GitLab CI/CD job token',
  trigger: 'GitLab pipeline trigger token',
  feed: 'GitLab feed token',
  'incoming-mail': 'GitLab incoming mail token',
  agent: 'GitLab agent for Kubernetes token',
  workspace: 'GitLab workspace token',
  scim: 'GitLab SCIM token',
  'feature-flags': 'GitLab feature flags client token',
  api_token: 'Bitbucket API token (Atlassian API token with scopes)',
  access_token: 'Bitbucket access token',
  app_password: 'Bitbucket app password',
};

/** "a GitLab deploy token (gldt-)": every label starts with a consonant, so always "a". */
export function describeKind(kind: TokenKind, prefix: string | null = null): string {
  const label = KIND_LABELS[kind];
  return prefix === null ? `a ${label}` : `a ${label} (${prefix})`;
}
