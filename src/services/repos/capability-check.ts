import { evaluateCapabilities, remediation, tokenPageUrl } from '../../domain/capabilities/index.js';
import type { Capability } from '../../domain/capability.js';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { FORGE_NAMES, type ForgeId } from '../../domain/forge.js';
import type { TokenKind } from '../../domain/token-kind.js';

/** The repository operations, as the capability check and the purpose texts name them. */
export type RepoOperation = 'list' | 'branches' | 'create' | 'commit' | 'push' | 'pull-request' | 'webhook';

const NEEDS: Record<RepoOperation, Capability[]> = {
  list: ['read'],
  branches: ['read'],
  create: ['create-repo'],
  commit: ['push'],
  push: ['push'],
  'pull-request': ['pull-requests'],
  webhook: ['webhooks'],
};

/** What the check reads of a stored token: never the token, only what the vault knows about it. */
export interface GrantFacts {
  forge: ForgeId;
  kind: TokenKind;
  /** null: the forge does not say (fine-grained tokens): the forge decides. */
  scopes: string[] | null;
}

/** GitHub refuses any change under this directory without the `workflow` scope (forges.md §1.5). */
const WORKFLOW_DIR = '.github/workflows/';

export function touchesWorkflows(forge: ForgeId, paths: Iterable<string>): boolean {
  if (forge !== 'github') return false;
  for (const path of paths) if (path.startsWith(WORKFLOW_DIR)) return true;
  return false;
}

/**
 * Checks, before any forge call, that the token's known grant covers the operation. Answers the
 * catalogue error with the forge's scope names and the pre-filled token page, or null to go ahead —
 * also when the grant is unknown (GitHub fine-grained and App tokens): then the forge decides.
 *
 * `workflows`: true when the change touches `.github/workflows/` on GitHub; a token with `repo` but
 * without `workflow` then gets `workflow_scope_required` rather than GitHub's refusal half-way.
 */
export function capabilityRefusal(
  facts: GrantFacts,
  operation: RepoOperation,
  webUrl: string,
  options: { workflows?: boolean } = {},
): FkError | null {
  const required = [...NEEDS[operation], ...(options.workflows ? (['workflows'] as const) : [])];
  const report = evaluateCapabilities({
    forge: facts.forge,
    kind: facts.kind,
    scopes: facts.scopes,
    require: required,
    webUrl,
  });
  if (report.missing.length > 0) {
    const onlyWorkflows = report.missing.length === 1 && report.missing[0] === 'workflows';
    const details = {
      forge: facts.forge,
      operation,
      missing: report.missing,
      scopesToAdd: report.scopesToAdd,
      newTokenScopes: report.newTokenScopes,
      tokenPageUrl: report.tokenPageUrl,
    };
    const fix = remediation(report) ?? undefined;
    if (onlyWorkflows) {
      return fkError('workflow_scope_required', {
        message: `The change touches ${WORKFLOW_DIR}, and GitHub refuses workflow files from a token without the workflow scope; this token has ${scopeList(facts.scopes)}.`,
        ...(fix === undefined ? {} : { remediation: fix }),
        details,
      });
    }
    return fkError('insufficient_scope', {
      message: `This ${FORGE_NAMES[facts.forge]} token cannot ${VERBS[operation]}: it lacks what ${report.missing.join(', ')} ${report.missing.length === 1 ? 'needs' : 'need'} (it has ${scopeList(facts.scopes)}).`,
      ...(fix === undefined ? {} : { remediation: fix }),
      details,
    });
  }
  return operation === 'commit' ? gitLabRestCommitRefusal(facts, webUrl) : null;
}

const VERBS: Record<RepoOperation, string> = {
  list: 'list repositories',
  branches: 'list branches',
  create: 'create repositories',
  commit: 'commit files',
  push: 'push',
  'pull-request': 'open pull requests',
  webhook: 'create webhooks',
};

/**
 * GitLab's commits API is REST, so it needs `api`: `write_repository` covers git over HTTPS only
 * (forges.md §2.5, "Commit via REST (/repository/commits) | api"). The capability `push` accepts
 * either, because pushing with git works with both; a commit through the API does not.
 */
function gitLabRestCommitRefusal(facts: GrantFacts, webUrl: string): FkError | null {
  if (facts.forge !== 'gitlab' || facts.kind !== 'personal' || facts.scopes === null) return null;
  if (facts.scopes.includes('api')) return null;
  const page = tokenPageUrl({ forge: 'gitlab', kind: 'personal', webUrl, scopes: ['api'] });
  return fkError('insufficient_scope', {
    message: `GitLab's commits API needs the api scope; this token has ${scopeList(facts.scopes)} (write_repository lets git push, not the REST API).`,
    remediation: `GitLab does not let a token's scopes be changed: create a new personal access token with the scope api${page === null ? '.' : `: ${page}`} Or push with git instead (forgekeeper repo push).`,
    details: {
      forge: 'gitlab',
      operation: 'commit',
      missing: ['push'],
      scopesToAdd: ['api'],
      tokenPageUrl: page,
    },
  });
}

function scopeList(scopes: string[] | null): string {
  if (scopes === null) return 'scopes the forge does not report';
  return scopes.length === 0 ? 'no scopes' : `the scopes ${scopes.join(', ')}`;
}
