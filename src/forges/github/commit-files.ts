import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { CommitInput, CommitResult, FileChange } from '../repo-types.js';
import { encodePath, type GitHubApi, isSuccess, repoPath } from './api.js';
import {
  gitHubCommitSchema,
  gitHubFileCommitSchema,
  gitHubRefSchema,
  gitHubRepoSchema,
  gitHubShaSchema,
} from './schemas.js';

/*
 * One commit with many files through GitHub's Git Data API (forges.md §1.8): ref → commit → ONE tree
 * with the text files inline (blobs first only for binary files) → commit → ref update, never
 * forced (PATCH `force: false`; a new branch via POST /git/refs from the base head). 1,000 text
 * files take 5 requests.
 *
 * An empty repository answers 409 to every Git Data call (§1.4), but the contents API works on it
 * (§1.8). So: PUT /contents writes one of the files, which makes the branch and a first commit C0;
 * then the Git Data API builds the real commit C1 as a ROOT commit (no parent) with exactly the
 * requested files, and the branch is moved from C0 to C1. C1 does not descend from C0, so that one
 * update is forced — but only from C0, our own bootstrap commit, read back right before the update.
 * The end state is one commit with exactly the requested files. The one window: a push by someone
 * else between that read and the update (milliseconds, to a repository that was empty a moment
 * before) would be replaced; GitHub's PATCH has no compare-and-swap to close it.
 */

const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text goes inline in the tree: valid UTF-8 without NUL bytes. Anything else is a binary blob. */
export function textOf(content: Uint8Array): string | null {
  if (content.includes(0)) return null;
  try {
    return DECODER.decode(content);
  } catch {
    return null;
  }
}

type Put = Extract<FileChange, { action: 'put' }>;

function treeEntries(
  api: GitHubApi,
  repo: CommitInput['repo'],
  changes: readonly FileChange[],
  withDeletes: boolean,
) {
  return async (): Promise<Result<Record<string, unknown>[], FkError>> => {
    const entries: Record<string, unknown>[] = [];
    for (const change of changes) {
      if (change.action === 'delete') {
        if (withDeletes) entries.push({ path: change.path, mode: '100644', type: 'blob', sha: null });
        continue;
      }
      const mode = change.executable ? '100755' : '100644';
      const text = textOf(change.content);
      if (text !== null) {
        entries.push({ path: change.path, mode, type: 'blob', content: text });
        continue;
      }
      const blob = await api.json('POST', api.url(`${repoPath(repo)}/git/blobs`), gitHubShaSchema, {
        content: Buffer.from(change.content).toString('base64'),
        encoding: 'base64',
      });
      if (!blob.ok) return blob;
      entries.push({ path: change.path, mode, type: 'blob', sha: blob.value.sha });
    }
    return ok(entries);
  };
}

type HeadLookup =
  | { kind: 'head'; sha: string }
  | { kind: 'missing' }
  | { kind: 'empty' }
  | { kind: 'failed'; error: FkError };

async function headOf(api: GitHubApi, repo: CommitInput['repo'], branch: string): Promise<HeadLookup> {
  const outcome = await api.send('GET', api.url(`${repoPath(repo)}/git/ref/heads/${encodePath(branch)}`));
  const status = outcome.type === 'response' ? outcome.response.status : null;
  if (isSuccess(outcome)) {
    const ref = api.parse(outcome.response, gitHubRefSchema);
    return ref.ok ? { kind: 'head', sha: ref.value.object.sha } : { kind: 'failed', error: ref.error };
  }
  const error = api.failure(outcome);
  if (status === 404 && error.code === 'not_found') return { kind: 'missing' };
  if (error.code === 'repo_empty') return { kind: 'empty' };
  return { kind: 'failed', error };
}

function moved(branch: string, expected: string, actual: string | null): FkError {
  return fkError('branch_moved', {
    message: `The branch ${branch} is at ${actual ?? 'nothing'}, not at ${expected} as expected; nothing was written.`,
    details: { forge: 'github', branch, expectedHead: expected, actualHead: actual },
  });
}

export async function commitGitHubFiles(
  api: GitHubApi,
  webUrl: string,
  input: CommitInput,
): Promise<Result<CommitResult, FkError>> {
  if (input.changes.length === 0)
    return err(fkError('invalid_input', { message: 'A commit needs at least one file change.' }));
  const { repo, branch } = input;
  const current = await headOf(api, repo, branch);
  if (current.kind === 'failed') return err(current.error);
  if (current.kind === 'empty') return commitToEmpty(api, webUrl, input);

  let parent: string;
  if (current.kind === 'head') {
    parent = current.sha;
  } else {
    let base = input.baseBranch;
    if (base === undefined) {
      const about = await api.json('GET', api.url(repoPath(repo)), gitHubRepoSchema);
      if (!about.ok) return about;
      base = about.value.default_branch ?? 'main';
    }
    const baseHead = await headOf(api, repo, base);
    if (baseHead.kind === 'failed') return err(baseHead.error);
    if (baseHead.kind !== 'head') {
      return err(
        fkError('not_found', {
          message: `The base branch ${base} does not exist in ${repo.owner}/${repo.name}.`,
          details: { forge: 'github', branch: base },
        }),
      );
    }
    parent = baseHead.sha;
  }
  if (input.expectedHead !== undefined && input.expectedHead !== parent) {
    return err(
      moved(current.kind === 'head' ? branch : (input.baseBranch ?? branch), input.expectedHead, parent),
    );
  }

  const parentCommit = await api.json(
    'GET',
    api.url(`${repoPath(repo)}/git/commits/${parent}`),
    gitHubCommitSchema,
  );
  if (!parentCommit.ok) return parentCommit;
  const entries = await treeEntries(api, repo, input.changes, true)();
  if (!entries.ok) return entries;
  const tree = await api.json('POST', api.url(`${repoPath(repo)}/git/trees`), gitHubShaSchema, {
    base_tree: parentCommit.value.tree.sha,
    tree: entries.value,
  });
  if (!tree.ok) return tree;
  const commit = await createCommit(api, input, tree.value.sha, [parent]);
  if (!commit.ok) return commit;

  const update =
    current.kind === 'head'
      ? await api.json(
          'PATCH',
          api.url(`${repoPath(repo)}/git/refs/heads/${encodePath(branch)}`),
          gitHubRefSchema,
          {
            sha: commit.value,
            force: false,
          },
        )
      : await api.json('POST', api.url(`${repoPath(repo)}/git/refs`), gitHubRefSchema, {
          ref: `refs/heads/${branch}`,
          sha: commit.value,
        });
  if (!update.ok) return update;
  return ok(result(webUrl, input, commit.value, current.kind === 'missing'));
}

async function createCommit(
  api: GitHubApi,
  input: CommitInput,
  tree: string,
  parents: string[],
): Promise<Result<string, FkError>> {
  const commit = await api.json('POST', api.url(`${repoPath(input.repo)}/git/commits`), gitHubCommitSchema, {
    message: input.message,
    tree,
    parents,
    ...(input.author ? { author: { name: input.author.name, email: input.author.email } } : {}),
  });
  return commit.ok ? ok(commit.value.sha) : commit;
}

function result(webUrl: string, input: CommitInput, sha: string, branchCreated: boolean): CommitResult {
  const path = [input.repo.owner, input.repo.name].map(encodeURIComponent).join('/');
  return { sha, branch: input.branch, branchCreated, webUrl: `${webUrl}/${path}/commit/${sha}` };
}

/** The first commit of an empty repository (see the file comment). */
async function commitToEmpty(
  api: GitHubApi,
  webUrl: string,
  input: CommitInput,
): Promise<Result<CommitResult, FkError>> {
  const { repo, branch } = input;
  const puts = input.changes.filter((change): change is Put => change.action === 'put');
  const first = puts[0];
  if (first === undefined) {
    return err(
      fkError('repo_empty', {
        message: `${repo.owner}/${repo.name} is empty and the commit only deletes files: there is nothing to delete.`,
      }),
    );
  }
  if (input.expectedHead !== undefined) return err(moved(branch, input.expectedHead, null));
  const bootstrap = await api.json(
    'PUT',
    api.url(`${repoPath(repo)}/contents/${encodePath(first.path)}`),
    gitHubFileCommitSchema,
    {
      message: input.message,
      content: Buffer.from(first.content).toString('base64'),
      branch,
      ...(input.author ? { author: input.author, committer: input.author } : {}),
    },
  );
  if (!bootstrap.ok) return bootstrap;
  const seed = bootstrap.value.commit.sha;
  // One file that is not executable: the contents API's commit is already exactly the request.
  if (puts.length === 1 && !first.executable) return ok(result(webUrl, input, seed, true));

  const entries = await treeEntries(api, repo, puts, false)();
  if (!entries.ok) return entries;
  const tree = await api.json('POST', api.url(`${repoPath(repo)}/git/trees`), gitHubShaSchema, {
    tree: entries.value,
  });
  if (!tree.ok) return tree;
  const commit = await createCommit(api, input, tree.value.sha, []);
  if (!commit.ok) return commit;
  const now = await headOf(api, repo, branch);
  if (now.kind === 'failed') return err(now.error);
  if (now.kind !== 'head' || now.sha !== seed)
    return err(moved(branch, seed, now.kind === 'head' ? now.sha : null));
  const update = await api.json(
    'PATCH',
    api.url(`${repoPath(repo)}/git/refs/heads/${encodePath(branch)}`),
    gitHubRefSchema,
    {
      sha: commit.value,
      force: true,
    },
  );
  if (!update.ok) return update;
  return ok(result(webUrl, input, commit.value, true));
}
