import type { SandboxRepo } from '../git/types.js';
import type { SandboxState } from '../state.js';
import type { BitbucketActor } from './caller.js';

/*
 * Who may see and change what, in the sandbox's model of Bitbucket workspaces:
 *  - every account has a personal workspace whose slug is its username (the brief's reading of
 *    forges.md §3.8; `GET /2.0/user`'s `links.repositories` points there);
 *  - a user is a member of another workspace when they are a collaborator on one of its
 *    repositories (the swagger's `GET /workspaces?role=member`: "member of at least one workspace
 *    group or repository"); members may create repositories there;
 *  - an access token acts as its own pseudo-user (§3.1) for the workspace named by its login and
 *    the repositories that list it as a collaborator.
 * Private repositories are visible to collaborators and the owning workspace only; to anyone else
 * they do not exist (404), as with GitHub and GitLab.
 */

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function isCollaborator(repo: SandboxRepo, login: string): boolean {
  for (const name of repo.collaborators) if (same(name, login)) return true;
  return false;
}

export function canWrite(actor: BitbucketActor, repo: SandboxRepo): boolean {
  return same(repo.owner, actor.account.login) || isCollaborator(repo, actor.account.login);
}

export function canRead(actor: BitbucketActor, repo: SandboxRepo): boolean {
  return !repo.private || canWrite(actor, repo);
}

/** The workspaces the actor belongs to, its own first; slugs as first seen. */
export function workspacesOf(state: SandboxState, actor: BitbucketActor): string[] {
  const own = actor.account.login;
  const found = new Map<string, string>([[own.toLowerCase(), own]]);
  for (const repo of state.repos.list('bitbucket')) {
    if (isCollaborator(repo, own) && !found.has(repo.owner.toLowerCase())) {
      found.set(repo.owner.toLowerCase(), repo.owner);
    }
  }
  return [...found.values()];
}

export function isMember(state: SandboxState, actor: BitbucketActor, workspace: string): boolean {
  return workspacesOf(state, actor).some((slug) => same(slug, workspace));
}

/** A workspace exists when an account has it as its personal workspace or a repository lives in it. */
export function workspaceExists(state: SandboxState, workspace: string): boolean {
  if (state.accounts.get('bitbucket', workspace)) return true;
  return state.repos.list('bitbucket').some((repo) => same(repo.owner, workspace));
}

/** A repository the actor may see, or undefined (absent or private to others: both 404). */
export function visibleRepo(
  state: SandboxState,
  actor: BitbucketActor,
  workspace: string,
  slug: string,
): SandboxRepo | undefined {
  const repo = state.repos.get('bitbucket', workspace, slug);
  return repo && canRead(actor, repo) ? repo : undefined;
}
