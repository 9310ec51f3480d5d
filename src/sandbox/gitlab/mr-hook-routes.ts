import type { FastifyInstance } from 'fastify';
import type { SandboxHook, SandboxPull } from '../git/types.js';
import type { GitLabContext } from './context.js';
import { hookBody, mergeRequestBody } from './mr-hook-bodies.js';
import { booleanParam, isForgeReply, missing, paramsOf, routeParam, stringParam } from './params.js';
import { FORBIDDEN, isReply } from './projects.js';
import { deliverMergeRequestOpened } from './webhooks.js';

/** Forge-wide ids, roughly the size of gitlab.com's. */
const MERGE_REQUEST_ID_BASE = 300_000_000;
const HOOK_ID_BASE = 40_000_000;

/** GitLab treats these title prefixes as drafts. */
const DRAFT_TITLE = /^\s*(\[draft\]|\(draft\)|draft:|draft\s-\s|\[wip\]|wip:)/i;

function unprocessable(text: string) {
  return { status: 422, body: { message: [text] } };
}

/** `POST /projects/:id/merge_requests` and `POST /projects/:id/hooks` (forges.md §2.8). */
export function registerMergeRequestAndHookRoutes(app: FastifyInstance, context: GitLabContext): void {
  const { state, guarded, projects } = context;
  const urls = () => state.requireUrls();
  const allRepos = () => state.repos.list('gitlab');

  app.post(
    '/projects/:id/merge_requests',
    guarded('POST /projects/:id/merge_requests', async (request, { account }) => {
      const repo = projects.find(routeParam(request, 'id'), account.login);
      if (isReply(repo)) return repo;
      const params = paramsOf(request);
      const absent = missing(params, ['source_branch', 'target_branch', 'title']);
      if (absent) return absent;
      const source = stringParam(params, 'source_branch');
      const target = stringParam(params, 'target_branch');
      const title = stringParam(params, 'title');
      const description = stringParam(params, 'description');
      const draftParam = booleanParam(params, 'draft', false);
      if (isForgeReply(source)) return source;
      if (isForgeReply(target)) return target;
      if (isForgeReply(title)) return title;
      if (isForgeReply(description)) return description;
      if (isForgeReply(draftParam)) return draftParam;
      if (source === undefined || target === undefined || title === undefined) return FORBIDDEN;
      if (!projects.canPush(repo, account.login)) return FORBIDDEN;
      const targetProject = params.target_project_id;
      if (targetProject !== undefined && String(targetProject) !== String(repo.id)) {
        return {
          status: 400,
          body: {
            message: '400 Bad request - cross-project merge requests are not supported by the sandbox',
          },
        };
      }
      if (source === target) return unprocessable("You can't use same project/branch for source and target");
      const headSha = await state.repos.resolveBranch(repo, source);
      if (!headSha) return unprocessable(`Source branch "${source}" does not exist`);
      const baseSha = await state.repos.resolveBranch(repo, target);
      if (!baseSha) return unprocessable(`Target branch "${target}" does not exist`);
      // GitLab answers this one with 409, unlike its other branch validations (422).
      const existing = repo.pulls.find(
        (pull) => pull.state === 'open' && pull.head === source && pull.base === target,
      );
      if (existing) {
        return {
          status: 409,
          body: {
            message: [
              `Another open merge request already exists for this source branch: !${existing.number}`,
            ],
          },
        };
      }
      const pull: SandboxPull = {
        number: repo.pulls.reduce((max, p) => Math.max(max, p.number), 0) + 1,
        id:
          allRepos().reduce(
            (max, r) => r.pulls.reduce((m, p) => Math.max(m, p.id), max),
            MERGE_REQUEST_ID_BASE,
          ) + 1,
        title,
        body: description ?? '',
        head: source,
        base: target,
        draft: draftParam || DRAFT_TITLE.test(title),
        state: 'open',
        authorLogin: account.login,
        createdAtMs: state.clock.nowMs(),
      };
      repo.pulls.push(pull);
      void deliverMergeRequestOpened(state, projects, repo, pull, account, headSha).catch(() => {});
      return {
        status: 201,
        body: mergeRequestBody(repo, pull, account, { head: headSha, base: baseSha }, urls()),
      };
    }),
  );

  app.post(
    '/projects/:id/hooks',
    guarded('POST /projects/:id/hooks', (request, { account }) => {
      const repo = projects.find(routeParam(request, 'id'), account.login);
      if (isReply(repo)) return repo;
      // Project hooks need the Maintainer role (forges.md §2.5).
      if (!projects.isMaintainer(repo, account.login)) return FORBIDDEN;
      const params = paramsOf(request);
      const absent = missing(params, ['url']);
      if (absent) return absent;
      const url = stringParam(params, 'url');
      const token = stringParam(params, 'token');
      const name = stringParam(params, 'name');
      const description = stringParam(params, 'description');
      const push = booleanParam(params, 'push_events', true);
      const mergeRequests = booleanParam(params, 'merge_requests_events', false);
      const ssl = booleanParam(params, 'enable_ssl_verification', true);
      for (const value of [url, token, name, description, push, mergeRequests, ssl])
        if (isForgeReply(value)) return value;
      if (typeof url !== 'string')
        return { status: 422, body: { message: { url: ['is blocked: URI is invalid'] } } };
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return { status: 422, body: { message: { url: ['is blocked: URI is invalid'] } } };
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        return {
          status: 422,
          body: { message: { url: ['is blocked: Only allowed schemes are http, https'] } },
        };
      }
      const events: string[] = [];
      if (push === true) events.push('push_events');
      if (mergeRequests === true) events.push('merge_requests_events');
      const hook: SandboxHook = {
        id: allRepos().reduce((max, r) => r.hooks.reduce((m, h) => Math.max(m, h.id), max), HOOK_ID_BASE) + 1,
        url,
        events,
        secret: typeof token === 'string' && token !== '' ? token : null,
        active: true,
        createdAtMs: state.clock.nowMs(),
      };
      repo.hooks.push(hook);
      return {
        status: 201,
        body: hookBody(repo, hook, {
          name: typeof name === 'string' ? name : '',
          description: typeof description === 'string' ? description : '',
          enableSslVerification: ssl !== false,
        }),
      };
    }),
  );
}
