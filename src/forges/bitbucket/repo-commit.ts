import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { CommitInput, CommitResult, FileChange } from '../repo-types.js';
import { buildMultipart, type MultipartPart } from './multipart.js';
import type { BitbucketCaller } from './repo-call.js';
import { bitbucketBranchSchema } from './repo-schemas.js';

/*
 * `commitFiles` as ONE `POST …/src` (forges.md §3.8): every change a multipart part, deletes in
 * `files`, and `branch`. Bitbucket applies the change on top of the branch's head (an unknown branch
 * starts from the `parents` or the main branch), so nothing is ever overwritten; with `expectedHead`
 * the request carries `parents` = that head, and a branch that moved in between is refused with 409
 * (swagger `branch`) → `branch_moved`.
 *
 * Requests: the POST alone. A `baseBranch` costs reads (is the branch new? the base's head) only
 * then. Bitbucket's 201 names the new commit in `Location` (UNCERTAIN in forges.md); only if it does
 * not is the branch read once more for the sha. Whether the POST created the branch is not said by
 * Bitbucket: `branchCreated` is then null.
 */

export interface CommitTarget {
  /** `{api}/repositories/{ws}/{slug}` */
  repoApiUrl: string;
  /** `{web}/{ws}/{slug}` */
  repoWebUrl: string;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Text goes as text: valid UTF-8 without NUL bytes; anything else as binary (repo-types.ts). */
function isText(content: Uint8Array): boolean {
  if (content.includes(0)) return false;
  try {
    fatalUtf8.decode(content);
    return true;
  } catch {
    return false;
  }
}

function filePart(change: Extract<FileChange, { action: 'put' }>): MultipartPart {
  const path = change.path.replace(/^\/+/, '');
  return {
    kind: 'file',
    // A leading `/` keeps a file named `message` or `branch` from reading as meta data (swagger).
    name: `/${path}`,
    filename: path.split('/').at(-1) ?? path,
    content: change.content,
    contentType: isText(change.content) ? 'text/plain; charset=utf-8' : 'application/octet-stream',
    attributes: change.executable ? ['executable'] : [],
  };
}

async function headOf(
  caller: BitbucketCaller,
  target: CommitTarget,
  branch: string,
): Promise<Result<string | null, FkError>> {
  const url = `${target.repoApiUrl}/refs/branches/${encodeURIComponent(branch)}`;
  const response = await caller.send({ method: 'GET', url, operation: 'read', accept: [404] });
  if (!response.ok) return response;
  if (response.value.status === 404) return ok(null);
  const parsed = caller.parse(response.value, bitbucketBranchSchema);
  return parsed.ok ? ok(parsed.value.target.hash) : parsed;
}

/** A new branch from `baseBranch`: the base's head (one or two reads); null parent = on top of the branch itself. */
async function startOf(
  caller: BitbucketCaller,
  target: CommitTarget,
  input: CommitInput,
): Promise<Result<{ parent: string | null; branchCreated: boolean | null }, FkError>> {
  if (input.expectedHead !== undefined) return ok({ parent: input.expectedHead, branchCreated: null });
  if (input.baseBranch === undefined) return ok({ parent: null, branchCreated: null });
  const head = await headOf(caller, target, input.branch);
  if (!head.ok) return head;
  if (head.value !== null) return ok({ parent: null, branchCreated: false });
  const base = await headOf(caller, target, input.baseBranch);
  if (!base.ok) return base;
  if (base.value === null) {
    return err(
      fkError('not_found', {
        message: `The base branch ${input.baseBranch} does not exist in this Bitbucket repository.`,
        details: { baseBranch: input.baseBranch },
      }),
    );
  }
  return ok({ parent: base.value, branchCreated: true });
}

export async function commitFiles(
  caller: BitbucketCaller,
  target: CommitTarget,
  input: CommitInput,
): Promise<Result<CommitResult, FkError>> {
  const start = await startOf(caller, target, input);
  if (!start.ok) return start;
  const parent = start.value.parent;

  const parts: MultipartPart[] = [
    { kind: 'field', name: 'message', value: input.message },
    { kind: 'field', name: 'branch', value: input.branch },
  ];
  if (input.author)
    parts.push({ kind: 'field', name: 'author', value: `${input.author.name} <${input.author.email}>` });
  if (parent !== null) parts.push({ kind: 'field', name: 'parents', value: parent });
  for (const change of input.changes) {
    if (change.action === 'delete')
      parts.push({ kind: 'field', name: 'files', value: change.path.replace(/^\/+/, '') });
    else parts.push(filePart(change));
  }
  const posted = await caller.send({
    method: 'POST',
    url: `${target.repoApiUrl}/src`,
    multipart: buildMultipart(parts),
    operation: 'commit',
  });
  if (!posted.ok) return posted;
  const fromLocation = /\/commit\/([0-9a-f]{40})\/?$/.exec(posted.value.headers.get('location') ?? '')?.[1];
  let sha = fromLocation;
  if (sha === undefined) {
    const after = await headOf(caller, target, input.branch);
    if (!after.ok) return after;
    if (after.value === null)
      return err(
        fkError('forge_unreachable', {
          message: 'Bitbucket accepted the commit but the branch does not exist.',
        }),
      );
    sha = after.value;
  }
  return ok({
    sha,
    branch: input.branch,
    branchCreated: start.value.branchCreated,
    webUrl: `${target.repoWebUrl}/commits/${sha}`,
  });
}
