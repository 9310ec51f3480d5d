import type { ForgeReply } from '../forge-reply.js';
import type { SandboxRepo } from '../git/types.js';
import type { SandboxState } from '../state.js';
import type { GitLabNamespace, GitLabNamespaces, GitLabVisibility } from './namespaces.js';

/** What GitLab keeps about a project beyond the shared store: its display name and three-way visibility. */
interface ProjectExtra {
  name: string;
  visibility: GitLabVisibility;
}

export const PROJECT_NOT_FOUND: ForgeReply = { status: 404, body: { message: '404 Project Not Found' } };
export const FORBIDDEN: ForgeReply = { status: 403, body: { message: '403 Forbidden' } };

/**
 * Projects as GitLab sees the shared store's repositories: lookup by id or URL-encoded path
 * (forges.md §2.8), and who may read, push and administer. A private project is a 404 to anyone who
 * is not a member (GitLab never confirms a private project exists); members are the repository's
 * collaborators and, for a group project, the group's members.
 */
export class GitLabProjects {
  readonly #extra = new Map<number, ProjectExtra>();

  constructor(
    private readonly state: SandboxState,
    readonly namespaces: GitLabNamespaces,
  ) {}

  clear(): void {
    this.#extra.clear();
  }

  remember(repo: SandboxRepo, extra: ProjectExtra): void {
    this.#extra.set(repo.id, extra);
    // The git hosting reads this: an internal project is not cloned anonymously (forges.md §2.9).
    repo.signedInOnly = extra.visibility === 'internal';
  }

  displayName(repo: SandboxRepo): string {
    return this.#extra.get(repo.id)?.name ?? repo.name;
  }

  visibility(repo: SandboxRepo): GitLabVisibility {
    return this.#extra.get(repo.id)?.visibility ?? (repo.private ? 'private' : 'public');
  }

  namespaceOf(repo: SandboxRepo): GitLabNamespace | undefined {
    return this.namespaces.ofOwner(repo.owner, repo.ownerKind);
  }

  isMember(repo: SandboxRepo, login: string): boolean {
    const lower = login.toLowerCase();
    if ([...repo.collaborators].some((member) => member.toLowerCase() === lower)) return true;
    if (repo.ownerKind === 'user') return repo.owner.toLowerCase() === lower;
    const group = this.namespaces.groupByPath(repo.owner);
    return group !== undefined && this.namespaces.isMember(group, login);
  }

  /** Internal projects are visible to every signed-in user; the API is never anonymous here. */
  canRead(repo: SandboxRepo, login: string): boolean {
    return this.visibility(repo) !== 'private' || this.isMember(repo, login);
  }

  /** Developer or above: every member may push (the sandbox has no finer roles). */
  canPush(repo: SandboxRepo, login: string): boolean {
    return this.isMember(repo, login);
  }

  /** Maintainer: the creator, the namespace's owner, or a member of the owning group (hooks need it, §2.5). */
  isMaintainer(repo: SandboxRepo, login: string): boolean {
    const lower = login.toLowerCase();
    if (repo.creatorLogin.toLowerCase() === lower) return true;
    if (repo.ownerKind === 'user') return repo.owner.toLowerCase() === lower;
    const group = this.namespaces.groupByPath(repo.owner);
    return group !== undefined && this.namespaces.isMember(group, login);
  }

  /**
   * `:id` as GitLab takes it: a numeric id or the URL-encoded full path (`group%2Fsub%2Fproject`;
   * Fastify has decoded it by now). Invisible and missing projects answer the same 404.
   */
  find(idOrPath: string, login: string): SandboxRepo | ForgeReply {
    const repo = this.#lookup(idOrPath);
    if (!repo || !this.canRead(repo, login)) return PROJECT_NOT_FOUND;
    return repo;
  }

  #lookup(idOrPath: string): SandboxRepo | undefined {
    if (/^\d+$/.test(idOrPath)) return this.state.repos.byId('gitlab', Number(idOrPath));
    const slash = idOrPath.lastIndexOf('/');
    if (slash <= 0) return undefined;
    return this.state.repos.get('gitlab', idOrPath.slice(0, slash), idOrPath.slice(slash + 1));
  }
}

export function isReply(value: SandboxRepo | ForgeReply): value is ForgeReply {
  return 'status' in value && typeof value.status === 'number' && !('gitDir' in value);
}
