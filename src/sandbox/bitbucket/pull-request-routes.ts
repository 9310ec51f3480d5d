import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxHook, SandboxPull } from '../git/types.js';
import type { SandboxState } from '../state.js';
import { canWrite } from './access.js';
import type { BitbucketGuard } from './caller.js';
import { hookBody, hookUuid, pullRequestBody } from './repo-bodies.js';
import { findRepo, forbidden, isRepo } from './repo-routes.js';
import { bitbucketError } from './responses.js';
import { deliverEvent } from './webhooks.js';

/*
 * `POST …/pullrequests` and `POST …/hooks` (forges.md §3.8; swagger "Create a pull request",
 * "Create a webhook for a repository").
 */

const branchEnd = z.looseObject({ branch: z.looseObject({ name: z.string().min(1) }) });

const pullBody = z.looseObject({
  title: z.string().min(1),
  source: branchEnd,
  destination: branchEnd.optional(),
  description: z.string().optional(),
  close_source_branch: z.boolean().optional(),
});

/** The swagger's `webhook_subscription.events` values this sandbox delivers or accepts. */
const HOOK_EVENTS = z.enum([
  'repo:push',
  'repo:updated',
  'repo:fork',
  'repo:commit_status_created',
  'repo:commit_status_updated',
  'pullrequest:created',
  'pullrequest:updated',
  'pullrequest:approved',
  'pullrequest:unapproved',
  'pullrequest:fulfilled',
  'pullrequest:rejected',
  'pullrequest:comment_created',
]);

const hookInput = z.looseObject({
  url: z.url({ protocol: /^https?$/ }),
  description: z.string().max(255).optional(),
  active: z.boolean().optional(),
  events: z.array(HOOK_EVENTS).min(1),
  secret: z.string().max(128).nullable().optional(),
});

export function registerPullRequestRoutes(
  app: FastifyInstance,
  state: SandboxState,
  guard: BitbucketGuard,
): void {
  app.post(
    '/repositories/:workspace/:slug/pullrequests',
    guard.guarded('POST /repositories/{workspace}/{repo_slug}/pullrequests', async (actor, request) => {
      const repo = findRepo(state, actor, request);
      if (!isRepo(repo)) return repo;
      const input = pullBody.safeParse(request.body);
      if (!input.success) {
        return bitbucketError(400, 'Bad request', { detail: 'title and source.branch.name are required.' });
      }
      const head = input.data.source.branch.name;
      const base = input.data.destination?.branch.name ?? repo.defaultBranch;
      const source = await state.repos.resolveBranch(repo, head);
      if (source === null) return bitbucketError(400, `source: Branch not found: ${head}`);
      const destination = await state.repos.resolveBranch(repo, base);
      if (destination === null) return bitbucketError(400, `destination: Branch not found: ${base}`);
      if (head === base) return bitbucketError(400, 'source and destination must differ.');
      // UNCERTAIN wording (forges.md has none); a 400 naming both branches, as the brief reads it.
      if (repo.pulls.some((pull) => pull.state === 'open' && pull.head === head && pull.base === base)) {
        return bitbucketError(400, `There is already an open pull request from ${head} to ${base}.`);
      }
      if (await state.repos.isAncestor(repo, source, destination)) {
        return bitbucketError(400, 'There are no changes to be pulled');
      }
      const pull: SandboxPull = {
        number: repo.pulls.length + 1,
        id: state.repos.list('bitbucket').reduce((count, each) => count + each.pulls.length, 0) + 1,
        title: input.data.title,
        body: input.data.description ?? '',
        head,
        base,
        draft: false,
        state: 'open',
        authorLogin: actor.account.login,
        createdAtMs: state.clock.nowMs(),
      };
      repo.pulls.push(pull);
      const body = pullRequestBody(state, repo, pull, { source, destination });
      void deliverEvent(state, repo, 'pullrequest:created', actor.account.login, { pullrequest: body });
      const location = `${state.requireUrls().bitbucket.api}/repositories/${repo.fullName}/pullrequests/${pull.number}`;
      return { status: 201, body, headers: { location } };
    }),
  );

  app.post(
    '/repositories/:workspace/:slug/hooks',
    guard.guarded('POST /repositories/{workspace}/{repo_slug}/hooks', async (actor, request) => {
      const repo = findRepo(state, actor, request);
      if (!isRepo(repo)) return repo;
      const input = hookInput.safeParse(request.body);
      if (!input.success) {
        const issue = input.error.issues[0];
        return bitbucketError(400, 'Bad request', {
          detail: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
        });
      }
      // Swagger: "this call requires the webhook scope, as well as any scope that applies to the
      // events that the webhook subscribes to" — for the classic scopes it names.
      const events = [...new Set(input.data.events)];
      const classic = ['webhook'];
      if (events.some((event) => event.startsWith('repo:'))) classic.push('repository');
      if (events.some((event) => event.startsWith('pullrequest:'))) classic.push('pullrequest');
      const lacking = guard.requireScopes(actor, [], classic);
      if (lacking) return lacking;
      // Installing webhooks needs repository admin; the sandbox's admins are those who may write.
      if (!canWrite(actor, repo)) return forbidden();
      const hook: SandboxHook = {
        id: Math.max(0, ...repo.hooks.map((existing) => existing.id)) + 1,
        url: input.data.url,
        events,
        secret: input.data.secret || null,
        active: input.data.active ?? true,
        createdAtMs: state.clock.nowMs(),
      };
      // Bitbucket also refuses internal, non-routed URLs; the sandbox delivers to local receivers.
      repo.hooks.push(hook);
      const uuid = encodeURIComponent(hookUuid(repo, hook));
      const location = `${state.requireUrls().bitbucket.api}/repositories/${repo.fullName}/hooks/${uuid}`;
      const body = { ...hookBody(state, repo, hook), description: input.data.description ?? '' };
      return { status: 201, body, headers: { location } };
    }),
  );
}
