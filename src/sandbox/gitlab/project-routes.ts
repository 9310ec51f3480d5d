import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ForgeReply } from '../forge-reply.js';
import { isValidBranchName } from '../git/git-names.js';
import { RepoExistsError } from '../git/repo-store.js';
import type { SandboxRepo } from '../git/types.js';
import type { GitLabCaller } from './caller.js';
import type { GitLabContext } from './context.js';
import {
  type GitLabNamespace,
  isValidPath,
  NAMESPACE_NOT_FOUND,
  PATH_MESSAGE,
  VISIBILITIES,
} from './namespaces.js';
import { keysetPage, offsetPage, pageUrl, parsePaging, queryOf } from './pagination.js';
import {
  booleanParam,
  grapeError,
  isForgeReply,
  oneOf,
  paramsOf,
  routeParam,
  stringParam,
} from './params.js';
import { basicProjectBody, projectBody } from './project-bodies.js';
import { isReply } from './projects.js';

const ORDER_BY = ['id', 'name', 'path', 'created_at', 'updated_at', 'last_activity_at'] as const;

/** GitLab's project name rule and message (`Gitlab::Regex.project_name_regex`). */
const NAME_PATTERN = /^[\p{L}\p{N}_][\p{L}\p{N}\p{Pd}+_. ]*$/u;
const NAME_MESSAGE =
  "can contain only letters, digits, emoji, '_', '.', '+', dashes, or spaces. It must start with a letter, digit, emoji, or '_'.";
const TAKEN = ['has already been taken'];

/** A path from a name, as GitLab derives it when only `name` is given: lower case, dashes. */
function pathFromName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function registerProjectRoutes(app: FastifyInstance, context: GitLabContext): void {
  const { state, guarded, namespaces, projects } = context;
  const urls = () => state.requireUrls();
  const creatorId = (repo: SandboxRepo) => state.accounts.get('gitlab', repo.creatorLogin)?.id ?? 0;
  const fullBody = async (repo: SandboxRepo, login: string) =>
    projectBody(
      repo,
      projects,
      urls(),
      { login },
      {
        empty: await state.repos.isEmpty(repo),
        creatorId: creatorId(repo),
      },
    );

  /** `GET /projects` (forges.md §2.8): visible projects, newest first unless told otherwise. */
  const listProjects = async (request: FastifyRequest, { account }: GitLabCaller): Promise<ForgeReply> => {
    const query = queryOf(request);
    const membership = booleanParam(query, 'membership', false);
    const owned = booleanParam(query, 'owned', false);
    const simple = booleanParam(query, 'simple', false);
    const orderBy = oneOf(query, 'order_by', ORDER_BY, 'created_at');
    const sort = oneOf(query, 'sort', ['asc', 'desc'] as const, 'desc');
    const visibility =
      query.visibility === undefined ? undefined : oneOf(query, 'visibility', VISIBILITIES, 'private');
    const paging = parsePaging(query);
    if (isForgeReply(membership)) return membership;
    if (isForgeReply(owned)) return owned;
    if (isForgeReply(simple)) return simple;
    if (isForgeReply(orderBy)) return orderBy;
    if (isForgeReply(sort)) return sort;
    if (isForgeReply(visibility)) return visibility;
    if (isForgeReply(paging)) return paging;
    const search = typeof query.search === 'string' ? query.search.toLowerCase() : '';
    const login = account.login;
    const lower = login.toLowerCase();
    let found = state.repos
      .list('gitlab')
      .filter((repo) => projects.canRead(repo, login))
      .filter((repo) => membership !== true || projects.isMember(repo, login))
      .filter((repo) => owned !== true || (repo.ownerKind === 'user' && repo.owner.toLowerCase() === lower))
      .filter((repo) => visibility === undefined || projects.visibility(repo) === visibility)
      .filter(
        (repo) =>
          search === '' ||
          repo.name.toLowerCase().includes(search) ||
          projects.displayName(repo).toLowerCase().includes(search),
      );
    // `id_after` / `id_before` are plain filters too (spec `getApiV4Projects`), not only keyset cursors.
    const idAfter = Number(typeof query.id_after === 'string' ? query.id_after : Number.NaN);
    const idBefore = Number(typeof query.id_before === 'string' ? query.id_before : Number.NaN);
    if (!Number.isNaN(idAfter)) found = found.filter((repo) => repo.id > idAfter);
    if (!Number.isNaN(idBefore)) found = found.filter((repo) => repo.id < idBefore);
    found = sortProjects(found, orderBy, sort, (repo) => projects.displayName(repo));
    const link = (set: Record<string, string>) => pageUrl(urls().gitlab.api, request, query, set);
    let page: { items: SandboxRepo[]; headers: Record<string, string> } | ForgeReply;
    if (query.pagination === 'keyset') {
      if (orderBy !== 'id') {
        return {
          status: 405,
          body: {
            message:
              '405 Method Not Allowed - Keyset pagination is not yet available for this type of request',
          },
        };
      }
      page = keysetPage(found, query, paging.perPage, sort, link);
      if (isForgeReply(page)) return page;
    } else {
      page = offsetPage(found, paging, (n) => link({ page: String(n), per_page: String(paging.perPage) }));
    }
    const body =
      simple === true
        ? page.items.map((repo) => basicProjectBody(repo, projects, urls()))
        : await Promise.all(page.items.map((repo) => fullBody(repo, login)));
    return { status: 200, body, headers: page.headers };
  };

  app.get('/projects', guarded('GET /projects', listProjects));

  app.get(
    '/projects/:id',
    guarded('GET /projects/:id', async (request, { account }) => {
      const repo = projects.find(routeParam(request, 'id'), account.login);
      if (isReply(repo)) return repo;
      return { status: 200, body: await fullBody(repo, account.login) };
    }),
  );

  app.post(
    '/projects',
    guarded('POST /projects', async (request, { account }) => {
      const params = paramsOf(request);
      if (params.name === undefined && params.path === undefined) {
        return grapeError('name, path are missing, at least one parameter must be provided');
      }
      const nameParam = stringParam(params, 'name');
      const pathParam = stringParam(params, 'path');
      const description = stringParam(params, 'description');
      const defaultBranch = stringParam(params, 'default_branch');
      const namespaceId = stringParam(params, 'namespace_id');
      const visibility = oneOf(params, 'visibility', VISIBILITIES, 'private');
      const initialize = booleanParam(params, 'initialize_with_readme', false);
      if (isForgeReply(nameParam)) return nameParam;
      if (isForgeReply(pathParam)) return pathParam;
      if (isForgeReply(description)) return description;
      if (isForgeReply(defaultBranch)) return defaultBranch;
      if (isForgeReply(namespaceId)) return namespaceId;
      if (isForgeReply(visibility)) return visibility;
      if (isForgeReply(initialize)) return initialize;
      const name = nameParam ?? pathParam ?? '';
      const path = pathParam ?? pathFromName(name);
      const branch = defaultBranch || 'main';
      if (!isValidBranchName(branch)) return grapeError('default_branch is invalid');

      let namespace: GitLabNamespace | undefined;
      if (namespaceId === undefined) {
        namespace = namespaces.resolve(String(account.id));
      } else {
        namespace = namespaces.resolve(String(namespaceId));
        if (!namespace) return NAMESPACE_NOT_FOUND;
        if (namespace.kind === 'group' && !namespaces.canSee(namespace.group, account.login))
          return NAMESPACE_NOT_FOUND;
      }
      if (!namespace) return NAMESPACE_NOT_FOUND;
      const mayCreate =
        namespace.kind === 'user'
          ? namespace.account.id === account.id
          : namespaces.isMember(namespace.group, account.login);
      if (!mayCreate) return { status: 400, body: { message: { namespace: ['is not valid'] } } };

      const errors: Record<string, string[]> = {};
      if (!NAME_PATTERN.test(name)) errors.name = [NAME_MESSAGE];
      if (!isValidPath(path)) errors.path = [PATH_MESSAGE];
      if (Object.keys(errors).length > 0) return { status: 400, body: { message: errors } };
      const owner = namespace.path;
      const nameTaken = state.repos
        .list('gitlab')
        .some(
          (repo) => repo.owner.toLowerCase() === owner.toLowerCase() && projects.displayName(repo) === name,
        );
      if (state.repos.get('gitlab', owner, path) || nameTaken) {
        return { status: 400, body: { message: { name: TAKEN, path: TAKEN } } };
      }
      let repo: SandboxRepo;
      try {
        repo = await state.repos.create(
          {
            forge: 'gitlab',
            owner,
            ownerKind: namespace.kind === 'user' ? 'user' : 'org',
            name: path,
            creatorLogin: account.login,
            private: visibility === 'private',
            description: description ?? '',
            defaultBranch: branch,
            initialize: initialize === true,
          },
          state.clock.nowMs(),
        );
      } catch (error) {
        if (error instanceof RepoExistsError)
          return { status: 400, body: { message: { name: TAKEN, path: TAKEN } } };
        throw error;
      }
      projects.remember(repo, { name, visibility });
      return { status: 201, body: await fullBody(repo, account.login) };
    }),
  );
}

function sortProjects(
  repos: SandboxRepo[],
  orderBy: (typeof ORDER_BY)[number],
  sort: 'asc' | 'desc',
  displayName: (repo: SandboxRepo) => string,
): SandboxRepo[] {
  const key = (repo: SandboxRepo): string | number => {
    if (orderBy === 'name') return displayName(repo).toLowerCase();
    if (orderBy === 'path') return repo.name.toLowerCase();
    if (orderBy === 'id') return repo.id;
    return repo.createdAtMs;
  };
  const sign = sort === 'asc' ? 1 : -1;
  return [...repos].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka < kb) return -sign;
    if (ka > kb) return sign;
    return (a.id - b.id) * sign;
  });
}
