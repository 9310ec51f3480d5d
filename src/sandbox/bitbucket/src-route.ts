import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ForgeReply } from '../forge-reply.js';
import { GitInputError, isValidBranchName } from '../git/git-names.js';
import type { SandboxRepo, TreeChange } from '../git/types.js';
import type { SandboxState } from '../state.js';
import { canWrite } from './access.js';
import type { BitbucketActor, BitbucketGuard } from './caller.js';
import { type FormBody, isFormBody } from './form-body.js';
import { findRepo, forbidden, isRepo } from './repo-routes.js';
import { bitbucketError } from './responses.js';

/*
 * `POST /2.0/repositories/{ws}/{slug}/src`: one commit from form fields (forges.md §3.8, the
 * swagger's "Create a commit by uploading a file"). Field names are repository paths (a leading
 * `/` is allowed and forces a file); `message`, `author`, `parents`, `files` (deletes) and `branch`
 * are meta data. The swagger settles what forges.md leaves open:
 *  - a branch that exists, with `parents` given: the first parent must be the branch's head, else 409;
 *  - a new branch: from the first parent, or else from the main branch's head;
 *  - an empty repository: the root commit, on `branch` (which then becomes the main branch) or the
 *    main branch; no additional root commits otherwise.
 */

const META = new Set(['message', 'author', 'parents', 'files', 'branch']);
const CANNED_MESSAGE = 'Edited online with Bitbucket';

interface SrcRequest {
  message: string;
  author: string | null;
  parents: string[];
  branch: string | null;
  changes: TreeChange[];
}

/** The commit the form asks for, or Bitbucket's 400. */
function readForm(form: FormBody): SrcRequest | ForgeReply {
  const files = new Map<string, TreeChange>();
  const deletes: string[] = [];
  const meta = new Map<string, string[]>();
  for (const part of form.parts) {
    const isFile = part.filename !== null || part.name.startsWith('/') || !META.has(part.name);
    if (!isFile) {
      meta.set(part.name, [...(meta.get(part.name) ?? []), part.value.toString('utf8')]);
      continue;
    }
    const path = part.name.replace(/^\/+/, '');
    const mode = part.attributes.includes('link')
      ? '120000'
      : part.attributes.includes('executable')
        ? '100755'
        : '100644';
    files.set(path, { path, mode, content: part.value });
  }
  for (const value of meta.get('files') ?? []) {
    for (const path of value.split(',').map((item) => item.trim().replace(/^\/+/, ''))) {
      // `files` naming a path without a field of its own deletes it (swagger `files`).
      if (path !== '' && !files.has(path)) deletes.push(path);
    }
  }
  const branches = meta.get('branch') ?? [];
  if (branches.length > 1) return bitbucketError(400, 'The branch field cannot be repeated.');
  const branch = branches[0]?.trim() || null;
  if (branch !== null && !isValidBranchName(branch))
    return bitbucketError(400, `Invalid branch name: ${branch}`);
  const parents = (meta.get('parents') ?? [])
    .flatMap((value) => value.split(','))
    .map((sha) => sha.trim())
    .filter((sha) => sha !== '');
  return {
    message: meta.get('message')?.at(-1) ?? CANNED_MESSAGE,
    author: meta.get('author')?.at(-1) ?? null,
    parents,
    branch,
    changes: [...files.values(), ...deletes.map((path) => ({ path, delete: true as const }))],
  };
}

/** `Name <email>`; omitted → the authenticated user (swagger `author`). */
function authorOf(raw: string | null, actor: BitbucketActor): { name: string; email: string } | null {
  if (raw === null) return { name: actor.account.name, email: actor.account.email };
  const match = /^\s*([^<>]*?)\s*<([^<>\s]+)>\s*$/.exec(raw);
  return match?.[1] && match[2] ? { name: match[1], email: match[2] } : null;
}

/** Where the commit goes: its parent (null: a root commit) and the head the ref must still have. */
async function baseOf(
  state: SandboxState,
  repo: SandboxRepo,
  target: string,
  parents: string[],
): Promise<{ parent: string | null; expectedOld: string | null } | ForgeReply> {
  const head = await state.repos.resolveBranch(repo, target);
  if (head !== null) {
    if (parents.length > 0 && parents[0] !== head) {
      return bitbucketError(409, `The parent commit is not the head of ${target}: the branch has moved.`);
    }
    return { parent: head, expectedOld: head };
  }
  if (await state.repos.isEmpty(repo)) {
    if (parents.length > 0) return bitbucketError(400, `Commit ${parents[0]} not found.`);
    return { parent: null, expectedOld: null };
  }
  const first = parents[0];
  if (first !== undefined) {
    const commit = /^[0-9a-f]{40}$/.test(first) ? await state.repos.readCommit(repo, first) : null;
    if (commit === null) return bitbucketError(400, `Commit ${first} not found.`);
    return { parent: commit.sha, expectedOld: null };
  }
  const main = await state.repos.resolveBranch(repo, repo.defaultBranch);
  if (main === null) return bitbucketError(400, 'The repository has no main branch to build on.');
  return { parent: main, expectedOld: null };
}

export function registerSrcRoute(app: FastifyInstance, state: SandboxState, guard: BitbucketGuard): void {
  app.post(
    '/repositories/:workspace/:slug/src',
    guard.guarded('POST /repositories/{workspace}/{repo_slug}/src', async (actor, request) => {
      const repo = findRepo(state, actor, request);
      if (!isRepo(repo)) return repo;
      if (!canWrite(actor, repo)) return forbidden();
      if (!isFormBody(request.body)) {
        return bitbucketError(400, 'Bad request', {
          detail: 'Send multipart/form-data or application/x-www-form-urlencoded.',
        });
      }
      const form = readForm(request.body);
      if (!('changes' in form)) return form;
      const author = authorOf(form.author, actor);
      if (author === null) return bitbucketError(400, 'Invalid author: use "Name <email>".');
      const target = form.branch ?? repo.defaultBranch;
      if (repo.protectedBranches.has(target)) {
        // UNCERTAIN text (forges.md has none); it names the branch restriction, as the UI does.
        return bitbucketError(403, `Branch restrictions prevent you from committing to "${target}".`);
      }
      const base = await baseOf(state, repo, target, form.parents);
      if (!('expectedOld' in base)) return base;
      try {
        const { sha, update } = await state.repos.commitChanges(repo, {
          branch: target,
          parent: base.parent,
          changes: form.changes,
          message: form.message,
          author: { ...author, dateMs: state.clock.nowMs() },
          expectedOld: base.expectedOld,
          pusherLogin: actor.account.login,
        });
        if (update !== 'ok') {
          return bitbucketError(409, `The parent commit is not the head of ${target}: the branch has moved.`);
        }
        if (base.parent === null && target !== repo.defaultBranch) await makeMainBranch(repo, target);
        const location = `${state.requireUrls().bitbucket.api}/repositories/${repo.fullName}/commit/${sha}`;
        return { status: 201, body: null, headers: { location } };
      } catch (error) {
        if (error instanceof GitInputError) return bitbucketError(400, error.message);
        throw error;
      }
    }),
  );
}

/**
 * The first commit of an empty repository on a named branch "also define[s] the repo's main branch
 * going forward" (swagger `branch`): HEAD of the bare repository points there.
 */
async function makeMainBranch(repo: SandboxRepo, branch: string): Promise<void> {
  await writeFile(join(repo.gitDir, 'HEAD'), `ref: refs/heads/${branch}\n`);
  repo.defaultBranch = branch;
}
