import type { ForgeId } from '../../domain/forge.js';
import type { TokenKind } from '../../domain/token-kind.js';

/** A sandbox token that may do every repository operation (create, commit, pull request, webhook). */
export interface RepoTokenCase {
  forge: ForgeId;
  kind: TokenKind;
  login: string;
  /** Bitbucket API tokens authenticate with the account's email (forges.md §3.1). */
  email?: string;
  scopes: string[];
}

/**
 * One such token per forge, shared by the repository contract and the end-to-end specs. Scopes from
 * forges.md §1.5 (classic `repo` and `workflow`), §2.5 (`api`) and §3.5 (Bitbucket's granular
 * scopes: nothing implies another, so each operation's scope is listed).
 */
export const REPO_TOKENS: readonly RepoTokenCase[] = [
  { forge: 'github', kind: 'classic', login: 'octo', scopes: ['repo', 'workflow'] },
  { forge: 'gitlab', kind: 'personal', login: 'octo', scopes: ['api'] },
  {
    forge: 'bitbucket',
    kind: 'api_token',
    login: 'octo',
    email: 'octo@example.com',
    scopes: [
      'read:user:bitbucket',
      'read:workspace:bitbucket',
      'read:repository:bitbucket',
      'write:repository:bitbucket',
      'admin:repository:bitbucket',
      'read:pullrequest:bitbucket',
      'write:pullrequest:bitbucket',
      'read:webhook:bitbucket',
      'write:webhook:bitbucket',
    ],
  },
];

/** The case of `forge` (every forge has one). */
export function repoToken(forge: ForgeId): RepoTokenCase {
  const found = REPO_TOKENS.find((c) => c.forge === forge);
  if (found === undefined) throw new Error(`no repository token case for ${forge}`);
  return found;
}
