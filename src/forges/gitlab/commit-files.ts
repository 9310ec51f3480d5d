import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { HttpOutcome } from '../http/types.js';
import type { CommitInput, CommitResult, FileChange } from '../repo-types.js';
import { expectStatus, projectId } from './project-ref.js';
import {
  gitLabBranchSchema,
  gitLabCommitSchema,
  gitLabErrorOf,
  gitLabMessageOf,
  gitLabProjectSchema,
} from './schemas.js';
import type { GitLabSend } from './session.js';
import { translateGitLabError } from './translate-error.js';
import { listFiles } from './tree.js';
import { gitLabWebUrl } from './web-url.js';

/*
 * `commitFiles` on GitLab: ONE `POST /projects/:id/repository/commits` with every change as an
 * action (forges.md §2.8) — text as text, anything else base64, an executable bit as a `chmod`
 * action after the file's `create`/`update`.
 *
 * GitLab has no "create or update" action: `create` of an existing path and `update` of a missing
 * one fail, and nothing is written (§2.8). So the first request guesses `create` for every file (the
 * common case: new files, a new branch, an empty project). Only if GitLab answers "A file with this
 * name already exists" is the start tree listed (`GET …/repository/tree?recursive=true`, one request
 * per 100 entries) and the commit sent again with `update` where the path exists.
 *
 * Likewise the branch: the commit goes to `branch` as is (it exists, or the project is empty); if
 * GitLab answers "You can only create or edit files when you are on a branch", it is new and the
 * commit is sent again with `start_branch` (`baseBranch`, else the project's default branch, one
 * `GET /projects/:id`). Given `baseBranch`, the new-branch form is tried first.
 *
 * `expectedHead` costs one `GET …/repository/branches/:branch` before anything is written: the
 * commits API has no compare-and-swap on the branch (`last_commit_id` is per file, the last commit
 * that touched it, not the head), so a head elsewhere is `branch_moved` without writing. The window
 * between that read and the commit is GitLab's own (the API cannot close it).
 *
 * Requests: 1 in the usual cases; +1 for `expectedHead`; +1 (+1 project read without `baseBranch`)
 * for a branch guessed wrong; + the tree pages and 1 for updates of existing files.
 */

const ALREADY_EXISTS = /A file with this name already exists/i;
const NOT_ON_BRANCH = /You can only create or edit files when you are on a branch/i;
const BRANCH_EXISTS = /A branch called .* already exists/i;

type Action = Record<string, unknown>;

function asText(content: Uint8Array): string | null {
  if (content.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return null;
  }
}

/** The actions for the changes; `existing` (path → executable) is null while unknown (all puts `create`). */
export function actionsFor(changes: readonly FileChange[], existing: Map<string, boolean> | null): Action[] {
  const actions: Action[] = [];
  for (const change of changes) {
    if (change.action === 'delete') {
      actions.push({ action: 'delete', file_path: change.path });
      continue;
    }
    const before = existing?.get(change.path);
    const text = asText(change.content);
    actions.push({
      action: before === undefined ? 'create' : 'update',
      file_path: change.path,
      ...(text === null
        ? { content: Buffer.from(change.content).toString('base64'), encoding: 'base64' }
        : { content: text, encoding: 'text' }),
    });
    const wantExecutable = change.executable === true || (change.executable === undefined && before === true);
    if (wantExecutable !== (before ?? false)) {
      actions.push({ action: 'chmod', file_path: change.path, execute_filemode: wantExecutable });
    }
  }
  return actions;
}

function messageOf(outcome: HttpOutcome): string {
  if (outcome.type !== 'response' || outcome.response.status !== 400) return '';
  return gitLabMessageOf(gitLabErrorOf(outcome.response.json)) ?? '';
}

function branchMoved(branch: string, expected: string, actual: string | null): FkError {
  return fkError('branch_moved', {
    message:
      actual === null
        ? `The branch ${branch} no longer exists (expected it at ${expected}); nothing was written.`
        : `The branch ${branch} is at ${actual}, not at ${expected}; nothing was written.`,
    details: { forge: 'gitlab', branch, expectedHead: expected, actualHead: actual },
  });
}

export async function commitGitLabFiles(
  send: GitLabSend,
  apiUrl: string,
  input: CommitInput,
): Promise<Result<CommitResult, FkError>> {
  const project = projectId(input.repo);
  const commitsPath = `/projects/${project}/repository/commits`;

  if (input.expectedHead !== undefined) {
    const outcome = await send({
      method: 'GET',
      path: `/projects/${project}/repository/branches/${encodeURIComponent(input.branch)}`,
    });
    if (
      outcome.type === 'response' &&
      outcome.response.status === 404 &&
      /Branch Not Found/i.test(messageOfAny(outcome))
    ) {
      return err(branchMoved(input.branch, input.expectedHead, null));
    }
    const branch = expectStatus(outcome, 200, gitLabBranchSchema);
    if (!branch.ok) return branch;
    if (branch.value.commit.id !== input.expectedHead) {
      return err(branchMoved(input.branch, input.expectedHead, branch.value.commit.id));
    }
  }

  let startBranch: string | undefined = input.expectedHead === undefined ? input.baseBranch : undefined;
  let existing: Map<string, boolean> | null = null;
  const author = input.author ? { author_name: input.author.name, author_email: input.author.email } : {};
  for (let attempt = 0; attempt < 4; attempt++) {
    const outcome = await send({
      method: 'POST',
      path: commitsPath,
      json: {
        branch: input.branch,
        commit_message: input.message,
        actions: actionsFor(input.changes, existing),
        ...(startBranch === undefined ? {} : { start_branch: startBranch }),
        ...author,
      },
      retries: 0,
    });
    if (outcome.type === 'response' && outcome.response.status === 201) {
      const commit = expectStatus(outcome, 201, gitLabCommitSchema);
      if (!commit.ok) return commit;
      return ok({
        sha: commit.value.id,
        branch: input.branch,
        branchCreated: startBranch !== undefined || (commit.value.parent_ids ?? []).length === 0,
        webUrl:
          commit.value.web_url ??
          `${gitLabWebUrl(apiUrl)}/${input.repo.owner}/${input.repo.name}/-/commit/${commit.value.id}`,
      });
    }
    const text = messageOf(outcome);
    if (NOT_ON_BRANCH.test(text) && startBranch === undefined) {
      const base = input.baseBranch === undefined ? await defaultBranch(send, project) : ok(input.baseBranch);
      if (!base.ok) return base;
      startBranch = base.value;
      continue;
    }
    if (BRANCH_EXISTS.test(text) && startBranch !== undefined && input.expectedHead === undefined) {
      startBranch = undefined;
      continue;
    }
    if (ALREADY_EXISTS.test(text) && existing === null) {
      const listed = await listFiles(
        send,
        apiUrl,
        project,
        startBranch ?? input.expectedHead ?? input.branch,
      );
      if (!listed.ok) return listed;
      existing = listed.value;
      continue;
    }
    return err(translateGitLabError(outcome));
  }
  return err(fkError('branch_moved', { details: { forge: 'gitlab', branch: input.branch } }));
}

function messageOfAny(outcome: HttpOutcome): string {
  if (outcome.type !== 'response') return '';
  return gitLabMessageOf(gitLabErrorOf(outcome.response.json)) ?? '';
}

async function defaultBranch(send: GitLabSend, project: string): Promise<Result<string, FkError>> {
  const outcome = await send({ method: 'GET', path: `/projects/${project}` });
  const found = expectStatus(outcome, 200, gitLabProjectSchema);
  if (!found.ok) return found;
  return ok(found.value.default_branch ?? 'main');
}
