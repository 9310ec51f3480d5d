import type { ForgeReply } from '../forge-reply.js';
import type { SandboxRepo } from '../git/types.js';
import type { SandboxState } from '../state.js';
import type { TokenCaller } from './caller.js';
import { NOT_ACCESSIBLE, permissionsAllow } from './repo-access.js';
import { githubError } from './responses.js';
import { hasAnyScope } from './rules.js';

/** A path GitHub guards: anything under `.github/workflows/` (forges.md §1.4, §1.5). */
export function isWorkflowPath(path: string): boolean {
  return path.startsWith('.github/workflows/');
}

/** A workflow file a write would create or change, with its new bytes. */
export interface WorkflowWrite {
  path: string;
  /** null when given as a blob sha: then it is never taken for an existing file. */
  content: Buffer | null;
}

/**
 * The workflow rule over the API (forges.md §1.4, §1.5): creating or changing `.github/workflows/*`
 * needs the `workflow` scope (classic) or Workflows: write (fine-grained) on top of the write
 * itself. Not needed when the same path with the same contents already exists on another branch
 * (§1.5). The refusal carries the text git pushes get ("The same text also comes back from REST
 * writes", §1.4); the tree API answers it as a 404 [obs: github/docs#4770, which asks GitHub for a
 * 403 instead]. Fine-grained tokens get the usual 403 with the permissions GitHub accepts.
 */
export async function workflowRefusal(
  state: SandboxState,
  caller: TokenCaller,
  repo: SandboxRepo,
  writes: readonly WorkflowWrite[],
  documentationUrl: string,
): Promise<ForgeReply | null> {
  if (writes.length === 0) return null;
  const { record } = caller;
  const allowed =
    record.kind === 'classic'
      ? hasAnyScope(record.scopes, ['workflow'])
      : permissionsAllow(record.permissions, 'contents=write,workflows=write');
  if (allowed) return null;
  const heads = await state.repos.branches(repo);
  for (const write of writes) {
    if (await existsElsewhere(state, repo, heads, write)) continue;
    if (record.kind !== 'classic') {
      return githubError(403, NOT_ACCESSIBLE, documentationUrl, {
        'x-accepted-github-permissions': 'contents=write,workflows=write',
      });
    }
    return githubError(
      404,
      `refusing to allow a Personal Access Token to create or update workflow \`${write.path}\` without \`workflow\` scope`,
      documentationUrl,
    );
  }
  return null;
}

async function existsElsewhere(
  state: SandboxState,
  repo: SandboxRepo,
  heads: readonly { name: string; sha: string }[],
  write: WorkflowWrite,
): Promise<boolean> {
  if (write.content === null) return false;
  for (const head of heads) {
    const current = await state.repos.readFile(repo, head.sha, write.path);
    if (current?.equals(write.content)) return true;
  }
  return false;
}
