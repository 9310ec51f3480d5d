import type { FastifyInstance } from 'fastify';
import type { GitLabContext } from './context.js';
import { groupBody } from './group-bodies.js';
import {
  type GitLabNamespace,
  isValidPath,
  NAMESPACE_NOT_FOUND,
  PATH_MESSAGE,
  VISIBILITIES,
} from './namespaces.js';
import { offsetPage, pageUrl, parsePaging, queryOf } from './pagination.js';
import { grapeError, isForgeReply, missing, oneOf, paramsOf, routeParam, stringParam } from './params.js';
import { namespaceBody } from './project-bodies.js';

/** `GET /namespaces`, `GET /namespaces/:id`, `GET /groups/:id`, `POST /groups`: just what namespace_id needs. */
export function registerNamespaceRoutes(app: FastifyInstance, context: GitLabContext): void {
  const { state, guarded, namespaces } = context;
  const urls = () => state.requireUrls();
  const projectsIn = (namespace: GitLabNamespace) =>
    state.repos.list('gitlab').filter((repo) => repo.owner.toLowerCase() === namespace.path.toLowerCase())
      .length;

  app.get(
    '/namespaces',
    guarded('GET /namespaces', (request, { account }) => {
      const query = queryOf(request);
      const paging = parsePaging(query);
      if (isForgeReply(paging)) return paging;
      const search = typeof query.search === 'string' ? query.search.toLowerCase() : '';
      const found = namespaces
        .listFor(account)
        .filter(
          (n) =>
            search === '' || n.path.toLowerCase().includes(search) || n.name.toLowerCase().includes(search),
        );
      const page = offsetPage(found, paging, (n) =>
        pageUrl(urls().gitlab.api, request, query, { page: String(n), per_page: String(paging.perPage) }),
      );
      return {
        status: 200,
        body: page.items.map((n) => namespaceBody(n, urls(), projectsIn(n))),
        headers: page.headers,
      };
    }),
  );

  app.get(
    '/namespaces/:id',
    guarded('GET /namespaces/:id', (request, { account }) => {
      const namespace = namespaces.resolve(routeParam(request, 'id'));
      const visible =
        namespace !== undefined &&
        (namespace.kind === 'user'
          ? namespace.account.id === account.id
          : namespaces.isMember(namespace.group, account.login));
      if (!namespace || !visible) return NAMESPACE_NOT_FOUND;
      return { status: 200, body: namespaceBody(namespace, urls(), projectsIn(namespace)) };
    }),
  );

  app.get(
    '/groups/:id',
    guarded('GET /groups/:id', (request, { account }) => {
      const id = routeParam(request, 'id');
      const group = /^\d+$/.test(id) ? namespaces.groupById(Number(id)) : namespaces.groupByPath(id);
      if (!group || !namespaces.canSee(group, account.login)) {
        return { status: 404, body: { message: '404 Group Not Found' } };
      }
      return { status: 200, body: groupBody(group, urls()) };
    }),
  );

  app.post(
    '/groups',
    guarded('POST /groups', (request, { account }) => {
      const params = paramsOf(request);
      const absent = missing(params, ['name', 'path']);
      if (absent) return absent;
      const name = stringParam(params, 'name');
      const path = stringParam(params, 'path');
      const parentId = stringParam(params, 'parent_id');
      const description = stringParam(params, 'description');
      const visibility = oneOf(params, 'visibility', VISIBILITIES, 'private');
      if (isForgeReply(name)) return name;
      if (isForgeReply(path)) return path;
      if (isForgeReply(parentId)) return parentId;
      if (isForgeReply(description)) return description;
      if (isForgeReply(visibility)) return visibility;
      if (name === undefined || path === undefined) return grapeError('name is missing, path is missing');
      let parent = null;
      if (typeof parentId === 'string') {
        parent = namespaces.groupById(Number(parentId)) ?? null;
        if (!parent || !namespaces.canSee(parent, account.login)) {
          return { status: 404, body: { message: '404 Group Not Found' } };
        }
        if (!namespaces.isMember(parent, account.login))
          return { status: 403, body: { message: '403 Forbidden' } };
      }
      if (!isValidPath(path)) {
        return { status: 400, body: { message: `Failed to save group {:path=>["${PATH_MESSAGE}"]}` } };
      }
      const group = namespaces.create(
        { name, path, parent, visibility, description: typeof description === 'string' ? description : '' },
        account.login,
        state.clock.nowMs(),
      );
      if (group === 'taken') {
        return { status: 400, body: { message: 'Failed to save group {:path=>["has already been taken"]}' } };
      }
      return { status: 201, body: groupBody(group, urls()) };
    }),
  );
}
