import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FkError } from '../../domain/errors/error.js';
import { ok, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import type { ForgeAdapter } from '../../forges/types.js';
import type { TokenView } from '../vault/index.js';
import type { PushOutcome, PushRequest } from './types.js';

/**
 * Pushes a local directory with system git to the repository's HTTPS URL (forges.md §1.9, §2.9 and
 * the cheat sheet's git usernames, from `adapter.gitTarget`). The token goes to git only through
 * `pushDirectory`'s in-memory credential helper — never a URL, argv, environment or file
 * (docs/push.md). Loaded on first push: the server and most commands never need git.
 *
 * Workflow files are left to the forge here: which paths a push changes is known only to git, and
 * GitHub accepts workflow files the remote already has; `pushDirectory` maps GitHub's refusal to
 * `workflow_scope_required`.
 */
export async function pushWithGit(
  adapter: ForgeAdapter,
  view: TokenView,
  secret: Secret,
  input: PushRequest,
): Promise<Result<PushOutcome, FkError>> {
  const { pushDirectory } = await import('../../git/push/index.js');
  const target = adapter.gitTarget(input.repo, view.kind);
  const pushed = await pushDirectory({
    dir: input.dir,
    remoteUrl: target.url,
    username: target.username,
    token: secret,
    branch: input.branch ?? (await currentBranch(input.dir)) ?? DEFAULT_BRANCH,
    ...(input.force ? { force: true } : {}),
    ...(input.allowSecrets ? { allowSecrets: true } : {}),
    ...(input.message === undefined ? {} : { commitMessage: input.message }),
    ...(input.author === undefined ? {} : { author: input.author }),
    ...(input.signal === undefined ? {} : { signal: input.signal }),
  });
  if (!pushed.ok) return pushed;
  const { branch, sha, remoteUrl, filesScanned, forced } = pushed.value;
  return ok({ branch, sha, remoteUrl, filesScanned, forced });
}

/** A plain directory's files go to this branch when none is named. */
const DEFAULT_BRANCH = 'main';

/** The current branch of a git work tree at `dir` (its own, never a parent's); null for a plain directory or a detached HEAD. */
async function currentBranch(dir: string): Promise<string | null> {
  if (!existsSync(join(dir, '.git'))) return null;
  const { runGit } = await import('../../git/run-git.js');
  const env = { GIT_CEILING_DIRECTORIES: dirname(resolve(dir)) };
  const answer = await runGit(['symbolic-ref', '--short', '-q', 'HEAD'], { cwd: dir, env });
  if (!answer.ok || answer.value.exitCode !== 0) return null;
  return answer.value.stdout.toString().trim() || null;
}
