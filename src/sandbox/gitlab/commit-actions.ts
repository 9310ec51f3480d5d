import type { SandboxAccount } from '../accounts.js';
import type { ForgeReply } from '../forge-reply.js';
import { GitInputError } from '../git/git-names.js';
import type { GitIdentity, SandboxRepo, TreeChange } from '../git/types.js';
import type { SandboxState } from '../state.js';
import { booleanParam, grapeError, isForgeReply, type Params } from './params.js';

/**
 * `POST /projects/:id/repository/commits` (forges.md §2.8): every action applied in order to the
 * start commit's tree, checked as GitLab's `Files::MultiService` checks them — a `create` of an
 * existing path, an `update`/`delete`/`move`/`chmod` of a missing one, or a `last_commit_id` that is
 * not the last commit touching the path fails the whole request with 400 and nothing is written.
 */

type ActionName = 'create' | 'update' | 'delete' | 'move' | 'chmod';
const ACTIONS: readonly ActionName[] = ['create', 'update', 'delete', 'move', 'chmod'];

export interface CommitAction {
  action: ActionName;
  filePath: string;
  previousPath: string | undefined;
  content: Buffer | undefined;
  lastCommitId: string | undefined;
  executeFilemode: boolean | undefined;
}

/** A file of the working tree: its mode and either its current blob or new bytes. */
interface Entry {
  mode: '100644' | '100755' | '120000';
  blobSha?: string;
  content?: Buffer;
}

export const EXISTS = 'A file with this name already exists';
export const MISSING = "A file with this name doesn't exist";

function message(text: string): ForgeReply {
  return { status: 400, body: { message: text } };
}

/** Grape's checks of `actions[]`: each an object with a known `action`, a `file_path`, a valid `encoding`. */
export function parseActions(raw: unknown): CommitAction[] | ForgeReply {
  if (!Array.isArray(raw)) return grapeError('actions is invalid');
  if (raw.length === 0) return grapeError('actions is empty');
  const actions: CommitAction[] = [];
  for (const [index, item] of raw.entries()) {
    const at = `actions[${index}]`;
    if (!item || typeof item !== 'object') return grapeError(`${at} is invalid`);
    const get = (name: string): unknown => Reflect.get(item, name);
    const action = ACTIONS.find((name) => name === get('action'));
    if (get('action') === undefined) return grapeError(`${at}[action] is missing`);
    if (!action) return grapeError(`${at}[action] does not have a valid value`);
    const filePath = get('file_path');
    if (typeof filePath !== 'string' || filePath === '') return grapeError(`${at}[file_path] is missing`);
    const encoding = get('encoding') ?? 'text';
    if (encoding !== 'text' && encoding !== 'base64')
      return grapeError(`${at}[encoding] does not have a valid value`);
    const content = get('content');
    if (content !== undefined && content !== null && typeof content !== 'string') {
      return grapeError(`${at}[content] is invalid`);
    }
    const previousPath = get('previous_path');
    const lastCommitId = get('last_commit_id');
    // A Grape Boolean: JSON true/false, or `true`/`false` in a form body.
    const executeFilemode = booleanParam({ value: get('execute_filemode') }, 'value', false);
    if (isForgeReply(executeFilemode)) return grapeError(`${at}[execute_filemode] is invalid`);
    actions.push({
      action,
      filePath,
      previousPath: typeof previousPath === 'string' ? previousPath : undefined,
      content:
        typeof content === 'string'
          ? Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8')
          : undefined,
      lastCommitId: typeof lastCommitId === 'string' ? lastCommitId : undefined,
      executeFilemode,
    });
  }
  return actions;
}

/** The commit that last changed `path` on the first-parent history of `head`, as GitLab compares `last_commit_id`. */
export async function lastCommitFor(
  state: SandboxState,
  repo: SandboxRepo,
  head: string,
  path: string,
): Promise<string | null> {
  let current: string | null = head;
  for (let steps = 0; current !== null && steps < 1_000; steps++) {
    const info = await state.repos.readCommit(repo, current);
    if (!info) return null;
    const parent = info.parents[0] ?? null;
    if ((await state.repos.changedPaths(repo, parent, current)).includes(path)) return current;
    current = parent;
  }
  return null;
}

export interface AppliedActions {
  changes: TreeChange[];
  stats: { additions: number; deletions: number; total: number };
}

function lineCount(content: Buffer): number {
  if (content.length === 0 || content.includes(0)) return 0;
  let lines = 0;
  for (const byte of content) if (byte === 10) lines++;
  return content[content.length - 1] === 10 ? lines : lines + 1;
}

/** Applies the actions to `parent`'s tree (none for an empty project's first commit). */
export async function applyActions(
  state: SandboxState,
  repo: SandboxRepo,
  parent: string | null,
  actions: readonly CommitAction[],
): Promise<AppliedActions | ForgeReply> {
  const original = new Map<string, Entry>();
  if (parent !== null) {
    for (const entry of await state.repos.listTree(repo, parent, { recursive: true })) {
      if (entry.type !== 'blob') continue;
      const mode = entry.mode === '100755' || entry.mode === '120000' ? entry.mode : '100644';
      original.set(entry.path, { mode, blobSha: entry.sha });
    }
  }
  const files = new Map(original);
  const touched = new Set<string>();
  for (const action of actions) {
    const path = action.filePath;
    if (action.lastCommitId !== undefined && parent !== null && action.action !== 'create') {
      const checked = action.action === 'move' ? (action.previousPath ?? path) : path;
      if ((await lastCommitFor(state, repo, parent, checked)) !== action.lastCommitId) {
        return message(`The file has changed since you started editing it: ${checked}`);
      }
    }
    const current = files.get(path);
    switch (action.action) {
      case 'create':
        if (current) return message(EXISTS);
        files.set(path, {
          mode: action.executeFilemode ? '100755' : '100644',
          content: action.content ?? Buffer.alloc(0),
        });
        break;
      case 'update':
        if (!current) return message(MISSING);
        files.set(path, { mode: current.mode, content: action.content ?? Buffer.alloc(0) });
        break;
      case 'delete':
        if (!current) return message(MISSING);
        files.delete(path);
        break;
      case 'chmod':
        if (!current) return message(MISSING);
        files.set(path, { ...current, mode: action.executeFilemode ? '100755' : '100644' });
        break;
      case 'move': {
        const from = action.previousPath;
        const source = from === undefined ? undefined : files.get(from);
        if (from === undefined || !source) return message(MISSING);
        if (from !== path && current) return message(EXISTS);
        files.delete(from);
        touched.add(from);
        files.set(
          path,
          action.content === undefined ? source : { mode: source.mode, content: action.content },
        );
        break;
      }
    }
    touched.add(path);
  }

  const changes: TreeChange[] = [];
  let additions = 0;
  let deletions = 0;
  for (const path of touched) {
    const before = original.get(path);
    const after = files.get(path);
    if (!after) {
      if (!before) continue;
      changes.push({ path, delete: true });
    } else if (after.content !== undefined) {
      changes.push({ path, mode: after.mode, content: after.content });
      additions += lineCount(after.content);
    } else if (after.blobSha !== undefined) {
      changes.push({ path, mode: after.mode, blobSha: after.blobSha });
    }
    const replaced = before && (!after || after.content !== undefined || after.blobSha !== before.blobSha);
    if (replaced && parent !== null) {
      const old = await state.repos.readFile(repo, parent, path);
      if (old) deletions += lineCount(old);
    }
  }
  return { changes, stats: { additions, deletions, total: additions + deletions } };
}

/** Author from `author_name`/`author_email` when given; GitLab commits as the token's user. */
export function identities(
  params: Params,
  account: SandboxAccount,
  nowMs: number,
): { author: GitIdentity; committer: GitIdentity } {
  const committer = { name: account.name, email: account.email, dateMs: nowMs };
  const name =
    typeof params.author_name === 'string' && params.author_name !== '' ? params.author_name : undefined;
  const email =
    typeof params.author_email === 'string' && params.author_email !== '' ? params.author_email : undefined;
  return {
    author: { name: name ?? committer.name, email: email ?? committer.email, dateMs: nowMs },
    committer,
  };
}

export function isGitInputError(error: unknown): error is GitInputError {
  return error instanceof GitInputError;
}
