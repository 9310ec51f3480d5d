import type { SandboxAccount } from '../accounts.js';
import type { ForgeReply } from '../forge-reply.js';
import type { SandboxState } from '../state.js';

export const VISIBILITIES = ['private', 'internal', 'public'] as const;
export type GitLabVisibility = (typeof VISIBILITIES)[number];

export const NAMESPACE_NOT_FOUND: ForgeReply = { status: 404, body: { message: '404 Namespace Not Found' } };

/** GitLab's message for a bad project or group path. */
export const PATH_MESSAGE =
  "can contain only letters, digits, '_', '-' and '.'. Cannot start with '-', end in '.git' or end in '.atom'";

/** A GitLab group: its members may see its private projects and create projects in it. */
export interface GitLabGroup {
  id: number;
  name: string;
  /** The last segment. */
  path: string;
  /** `parent/child` for subgroups. */
  fullPath: string;
  parentId: number | null;
  visibility: GitLabVisibility;
  description: string;
  /** Lower-case logins; the creator is the group's Owner. */
  members: Set<string>;
  createdAtMs: number;
}

/** A namespace a project can live in: a user's own, or a group (forges.md §2.8 `namespace_id`). */
export type GitLabNamespace =
  | { kind: 'user'; id: number; path: string; name: string; account: SandboxAccount }
  | { kind: 'group'; id: number; path: string; name: string; group: GitLabGroup };

/**
 * Group ids sit above the sandbox's user ids (at most ~30 M, accounts.ts), so one `namespace_id`
 * space holds both. A user's namespace id is the user's id: GitLab keeps a separate id, but nothing a
 * client does depends on them differing.
 */
const GROUP_ID_BASE = 40_000_000;

/** `path`: letters, digits, `_`, `-`, `.`; not starting with `-` or ending in `.git`/`.atom` (GitLab's path rule). */
export const PATH_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function isValidPath(path: string): boolean {
  return PATH_PATTERN.test(path) && !/\.(git|atom)$/i.test(path) && !path.endsWith('.');
}

/**
 * The sandbox's GitLab groups (the shared store knows only `ownerKind: 'org'`). Groups come from
 * `POST /groups`, or are adopted from repositories the control API created under an `org` owner:
 * their collaborators become the group's members.
 */
export class GitLabNamespaces {
  readonly #groups = new Map<string, GitLabGroup>();
  #nextId = GROUP_ID_BASE + 1;

  constructor(private readonly state: SandboxState) {}

  clear(): void {
    this.#groups.clear();
    this.#nextId = GROUP_ID_BASE + 1;
  }

  create(
    input: {
      name: string;
      path: string;
      parent: GitLabGroup | null;
      visibility: GitLabVisibility;
      description: string;
    },
    creatorLogin: string,
    nowMs: number,
  ): GitLabGroup | 'taken' {
    const fullPath = input.parent ? `${input.parent.fullPath}/${input.path}` : input.path;
    if (this.groupByPath(fullPath) || this.state.accounts.get('gitlab', fullPath)) return 'taken';
    const group: GitLabGroup = {
      id: this.#nextId++,
      name: input.name,
      path: input.path,
      fullPath,
      parentId: input.parent?.id ?? null,
      visibility: input.visibility,
      description: input.description,
      members: new Set([creatorLogin.toLowerCase(), ...(input.parent?.members ?? [])]),
      createdAtMs: nowMs,
    };
    this.#groups.set(fullPath.toLowerCase(), group);
    return group;
  }

  groupByPath(fullPath: string): GitLabGroup | undefined {
    const key = fullPath.toLowerCase();
    return this.#groups.get(key) ?? this.#adopt(key);
  }

  groupById(id: number): GitLabGroup | undefined {
    for (const group of this.#groups.values()) if (group.id === id) return group;
    return undefined;
  }

  /** A namespace by numeric id or full path; `undefined` when it does not exist. */
  resolve(idOrPath: string): GitLabNamespace | undefined {
    if (/^\d+$/.test(idOrPath)) {
      const id = Number(idOrPath);
      const group = this.groupById(id);
      if (group) return groupNamespace(group);
      const account = this.state.accounts.list().find((a) => a.forge === 'gitlab' && a.id === id);
      return account ? userNamespace(account) : undefined;
    }
    const group = this.groupByPath(idOrPath);
    if (group) return groupNamespace(group);
    const account = this.state.accounts.get('gitlab', idOrPath);
    return account ? userNamespace(account) : undefined;
  }

  /** The namespace a repository of the store lives in. */
  ofOwner(owner: string, ownerKind: 'user' | 'org'): GitLabNamespace | undefined {
    if (ownerKind === 'org') {
      const group = this.groupByPath(owner);
      return group ? groupNamespace(group) : undefined;
    }
    const account = this.state.accounts.get('gitlab', owner);
    return account ? userNamespace(account) : undefined;
  }

  isMember(group: GitLabGroup, login: string): boolean {
    return group.members.has(login.toLowerCase());
  }

  /** Private groups are invisible (404) to non-members; internal and public ones are seen by any user. */
  canSee(group: GitLabGroup, login: string): boolean {
    return group.visibility !== 'private' || this.isMember(group, login);
  }

  /** The user's own namespace and the groups they belong to, in id order (`GET /namespaces`). */
  listFor(account: SandboxAccount): GitLabNamespace[] {
    const groups = [...this.#groups.values()]
      .filter((group) => this.isMember(group, account.login))
      .sort((a, b) => a.id - b.id)
      .map(groupNamespace);
    return [userNamespace(account), ...groups];
  }

  #adopt(key: string): GitLabGroup | undefined {
    const repos = this.state.repos
      .list('gitlab')
      .filter((r) => r.ownerKind === 'org' && r.owner.toLowerCase() === key);
    const first = repos[0];
    if (!first) return undefined;
    const segments = first.owner.split('/');
    const path = segments.at(-1) ?? first.owner;
    const group: GitLabGroup = {
      id: this.#nextId++,
      name: path,
      path,
      fullPath: first.owner,
      parentId: null,
      visibility: 'private',
      description: '',
      members: new Set(repos.flatMap((r) => [...r.collaborators].map((login) => login.toLowerCase()))),
      createdAtMs: first.createdAtMs,
    };
    this.#groups.set(key, group);
    return group;
  }
}

function userNamespace(account: SandboxAccount): GitLabNamespace {
  return { kind: 'user', id: account.id, path: account.login, name: account.name, account };
}

function groupNamespace(group: GitLabGroup): GitLabNamespace {
  return { kind: 'group', id: group.id, path: group.fullPath, name: group.name, group };
}
