import type { SandboxRepo } from '../git/types.js';
import type { SandboxState } from '../state.js';

/**
 * Whether a repository has no branch yet (its `mainbranch` is left out then), remembered once it
 * has one: asking git costs a process per repository, and a page of 100 repositories would spawn
 * 100. Only "not empty" is kept — a repository becomes empty again only when a push deletes a
 * branch, which forgets the answer. Keyed by the repository object, so a reset forgets everything.
 */
export function createEmptinessCheck(state: SandboxState): (repo: SandboxRepo) => Promise<boolean> {
  const nonEmpty = new WeakSet<SandboxRepo>();
  state.repos.onPush.add((event) => {
    if (event.after === null) nonEmpty.delete(event.repo);
    else nonEmpty.add(event.repo);
  });
  return async (repo) => {
    if (nonEmpty.has(repo)) return false;
    const empty = await state.repos.isEmpty(repo);
    if (!empty) nonEmpty.add(repo);
    return empty;
  };
}
