import type { FastifyInstance } from 'fastify';
import type { SandboxHook, SandboxPull } from '../git/types.js';
import { gitDataRoute } from './git-data-routes.js';
import { pullBody } from './pull-body.js';
import { hookBody } from './repo-bodies.js';
import { type GitHubRepoContext, json, recordOf, validationFailed } from './repo-context.js';
import { githubError } from './responses.js';
import { deliverEvent } from './webhook-delivery.js';

const HOOK_EVENTS = new Set([
  '*',
  'push',
  'pull_request',
  'create',
  'delete',
  'ping',
  'issues',
  'release',
  'status',
]);

/**
 * `POST /repos/{o}/{r}/pulls` and `POST /repos/{o}/{r}/hooks` (forges.md §1.8): a pull request
 * between two branches of the repository (`head` may be `owner:branch`), refused as GitHub does
 * when a branch is missing, nothing differs, or one is already open for the same head and base; a
 * repository webhook, greeted with a `ping`, then sent `push` and `pull_request` events.
 */
export function registerPullHookRoutes(app: FastifyInstance, ctx: GitHubRepoContext): void {
  const { state } = ctx;

  app.post(
    '/repos/:owner/:repo/pulls',
    gitDataRoute(
      ctx,
      'POST /repos/{owner}/{repo}/pulls',
      'read',
      async ({ caller, repo, body, docs }) => {
        if (caller.kind !== 'token') return githubError(401, 'Requires authentication', docs);
        const missing = (['title', 'head', 'base'] as const).filter(
          (field) => typeof body[field] !== 'string' || body[field] === '',
        );
        if (missing.length > 0) {
          return validationFailed(
            docs,
            missing.map((field) => ({ resource: 'PullRequest', code: 'missing_field', field })),
          );
        }
        const headSpec = String(body.head);
        const colon = headSpec.indexOf(':');
        const headOwner = colon < 0 ? repo.owner : headSpec.slice(0, colon);
        const head = colon < 0 ? headSpec : headSpec.slice(colon + 1);
        const base = String(body.base);
        // Forks are not modelled: a head of another owner does not exist here.
        const headSha =
          headOwner.toLowerCase() === repo.owner.toLowerCase()
            ? await state.repos.resolveBranch(repo, head)
            : null;
        const baseSha = await state.repos.resolveBranch(repo, base);
        const invalid = [
          ...(headSha === null ? [{ resource: 'PullRequest', field: 'head', code: 'invalid' }] : []),
          ...(baseSha === null ? [{ resource: 'PullRequest', field: 'base', code: 'invalid' }] : []),
        ];
        if (headSha === null || baseSha === null) return validationFailed(docs, invalid);
        const duplicate = repo.pulls.find(
          (pull) => pull.state === 'open' && pull.head === head && pull.base === base,
        );
        if (duplicate) {
          return validationFailed(docs, [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${repo.owner}:${head}.`,
            },
          ]);
        }
        if (await state.repos.isAncestor(repo, headSha, baseSha)) {
          return validationFailed(docs, [
            { resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` },
          ]);
        }
        const pull: SandboxPull = {
          number: repo.pulls.length + 1,
          id: ctx.nextPullId(),
          title: String(body.title),
          body: typeof body.body === 'string' ? body.body : '',
          head,
          base,
          draft: body.draft === true,
          state: 'open',
          authorLogin: caller.account.login,
          createdAtMs: ctx.nowMs(),
        };
        repo.pulls.push(pull);
        const answer = pullBody({
          repo,
          repoBody: ctx.repoBody({ kind: 'anonymous' }, repo, false),
          author: { login: caller.account.login, id: caller.account.id, type: 'User' },
          pull,
          headSha,
          baseSha,
          urls: ctx.urls,
        });
        void deliverEvent(ctx, repo, 'pull_request', {
          action: 'opened',
          number: pull.number,
          pull_request: answer,
          repository: ctx.repoBody({ kind: 'anonymous' }, repo, false),
          sender: { login: caller.account.login, id: caller.account.id, type: 'User' },
        });
        return json(201, answer, { location: String(answer.url) });
      },
      // Opening a pull request needs branches; GitHub validates them rather than answering 409.
      { allowEmpty: true },
    ),
  );

  app.post(
    '/repos/:owner/:repo/hooks',
    gitDataRoute(
      ctx,
      'POST /repos/{owner}/{repo}/hooks',
      'admin',
      async ({ repo, body, docs }) => {
        const config = recordOf(body.config);
        const name = body.name ?? 'web';
        if (name !== 'web')
          return validationFailed(docs, [
            { resource: 'Hook', code: 'custom', field: 'name', message: `Name must be "web"` },
          ]);
        if (!config || typeof config.url !== 'string' || !/^https?:\/\//.test(config.url)) {
          return validationFailed(docs, [
            { resource: 'Hook', code: 'custom', message: 'Config must contain URL for webhook hook' },
          ]);
        }
        const events = body.events ?? ['push'];
        if (
          !Array.isArray(events) ||
          events.length === 0 ||
          !events.every((event) => typeof event === 'string' && HOOK_EVENTS.has(event))
        ) {
          return validationFailed(docs, [{ resource: 'Hook', code: 'invalid', field: 'events' }]);
        }
        if (repo.hooks.some((hook) => hook.url === config.url)) {
          return validationFailed(docs, [
            { resource: 'Hook', code: 'custom', message: 'Hook already exists on this repository' },
          ]);
        }
        const hook: SandboxHook = {
          id: ctx.nextHookId(),
          url: config.url,
          events: events.map(String),
          secret: typeof config.secret === 'string' && config.secret !== '' ? config.secret : null,
          active: body.active !== false,
          createdAtMs: ctx.nowMs(),
        };
        repo.hooks.push(hook);
        const answer = hookBody(repo, ctx.urls, hook);
        // GitHub greets a new hook with a `ping` event.
        void deliverEvent(
          ctx,
          repo,
          'ping',
          {
            zen: 'Keep it logically awesome.',
            hook_id: hook.id,
            hook: answer,
            repository: ctx.repoBody({ kind: 'anonymous' }, repo, false),
          },
          hook,
        );
        return json(201, answer, { location: answer.url });
      },
      { allowEmpty: true },
    ),
  );
}
