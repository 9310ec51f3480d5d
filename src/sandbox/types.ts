/** Shared vocabulary of the sandbox. Kept local on purpose: the sandbox reads forges.md on its own. */

export const SANDBOX_FORGES = ['github', 'gitlab', 'bitbucket'] as const;
export type SandboxForge = (typeof SANDBOX_FORGES)[number];

/** Token kinds the sandbox issues, named as the control API (and src/domain/token-kind.ts) names them. */
export type SandboxTokenKind =
  | 'classic'
  | 'fine-grained'
  | 'personal'
  | 'api_token'
  | 'access_token'
  | 'app_password';

/** `expired` and `revoked` are set through the control API; a past expiry also makes a token expired. */
export type TokenState = 'active' | 'expired' | 'revoked';

/** Bitbucket access-token flavours, as its `x-credential-type` header spells them (forges.md §3.4). */
export type BitbucketCredentialType = 'repo_access_token' | 'project_access_token' | 'workspace_access_token';

/** Where each forge lives on the sandbox's one HTTP port. */
export interface SandboxUrls {
  /** e.g. `http://127.0.0.1:PORT/github/api/v3` and `http://127.0.0.1:PORT/github` */
  github: { api: string; web: string };
  /** e.g. `http://127.0.0.1:PORT/gitlab/api/v4` and `http://127.0.0.1:PORT/gitlab` */
  gitlab: { api: string; web: string };
  /** e.g. `http://127.0.0.1:PORT/bitbucket/2.0` and `http://127.0.0.1:PORT/bitbucket` */
  bitbucket: { api: string; web: string };
  /** e.g. `http://127.0.0.1:PORT/_sandbox` */
  control: string;
}

/** Path prefixes of the forge APIs on the sandbox server. */
export const API_PREFIXES = {
  github: '/github/api/v3',
  gitlab: '/gitlab/api/v4',
  bitbucket: '/bitbucket/2.0',
} as const satisfies Record<SandboxForge, string>;

export const WEB_PREFIXES = {
  github: '/github',
  gitlab: '/gitlab',
  bitbucket: '/bitbucket',
} as const satisfies Record<SandboxForge, string>;

export const CONTROL_PREFIX = '/_sandbox';

export function buildUrls(origin: string): SandboxUrls {
  return {
    github: { api: origin + API_PREFIXES.github, web: origin + WEB_PREFIXES.github },
    gitlab: { api: origin + API_PREFIXES.gitlab, web: origin + WEB_PREFIXES.gitlab },
    bitbucket: { api: origin + API_PREFIXES.bitbucket, web: origin + WEB_PREFIXES.bitbucket },
    control: origin + CONTROL_PREFIX,
  };
}
