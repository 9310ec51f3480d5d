import { createHmac, randomUUID } from 'node:crypto';
import type { PushEvent } from '../git/repo-store.js';
import type { SandboxHook, SandboxRepo } from '../git/types.js';
import type { GitHubRepoContext } from './repo-context.js';

const ZERO_SHA = '0000000000000000000000000000000000000000';

/**
 * GitHub's delivery headers: `X-GitHub-Event`, `X-GitHub-Delivery` (a GUID), `X-GitHub-Hook-ID`,
 * and with a secret `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>` (plus the legacy SHA-1
 * `X-Hub-Signature`). The body is signed exactly as `postDelivery` sends it (`JSON.stringify`).
 */
export function deliveryHeaders(
  hook: SandboxHook,
  repo: SandboxRepo,
  event: string,
  body: unknown,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/sandbox',
    'x-github-event': event,
    'x-github-delivery': randomUUID(),
    'x-github-hook-id': String(hook.id),
    'x-github-hook-installation-target-type': 'repository',
    'x-github-hook-installation-target-id': String(repo.id),
  };
  if (hook.secret !== null) {
    const payload = JSON.stringify(body);
    headers['x-hub-signature-256'] =
      `sha256=${createHmac('sha256', hook.secret).update(payload).digest('hex')}`;
    headers['x-hub-signature'] = `sha1=${createHmac('sha1', hook.secret).update(payload).digest('hex')}`;
  }
  return headers;
}

function wants(hook: SandboxHook, event: string): boolean {
  return hook.active && (event === 'ping' || hook.events.includes(event) || hook.events.includes('*'));
}

/** Sends `event` to every active hook of the repository subscribed to it; deliveries are recorded by the store. */
export async function deliverEvent(
  ctx: GitHubRepoContext,
  repo: SandboxRepo,
  event: string,
  body: Record<string, unknown>,
  only?: SandboxHook,
): Promise<void> {
  const hooks = only ? [only] : repo.hooks.filter((hook) => wants(hook, event));
  await Promise.all(
    hooks.map((hook) =>
      ctx.state.repos.deliver({
        hookId: hook.id,
        forge: 'github',
        repo: repo.fullName,
        event,
        url: hook.url,
        headers: deliveryHeaders(hook, repo, event, body),
        body,
      }),
    ),
  );
}

/** The `push` payload (the fields clients read: ref, before/after, created/deleted, repository, pusher, sender). */
async function pushPayload(ctx: GitHubRepoContext, event: PushEvent): Promise<Record<string, unknown>> {
  const { repo } = event;
  const account = ctx.state.accounts.get('github', event.pusherLogin);
  const head = event.after === null ? null : await ctx.state.repos.readCommit(repo, event.after);
  const web = `${ctx.urls.github.web}/${repo.fullName}`;
  const headCommit = head && {
    id: head.sha,
    tree_id: head.tree,
    distinct: true,
    message: head.message,
    timestamp: new Date(head.committer.dateMs).toISOString(),
    url: `${web}/commit/${head.sha}`,
    author: { name: head.author.name, email: head.author.email },
    committer: { name: head.committer.name, email: head.committer.email },
  };
  return {
    ref: event.ref,
    before: event.before ?? ZERO_SHA,
    after: event.after ?? ZERO_SHA,
    created: event.before === null,
    deleted: event.after === null,
    forced: false,
    base_ref: null,
    compare: `${web}/compare/${(event.before ?? ZERO_SHA).slice(0, 12)}...${(event.after ?? ZERO_SHA).slice(0, 12)}`,
    commits: headCommit ? [headCommit] : [],
    head_commit: headCommit,
    repository: ctx.repoBody({ kind: 'anonymous' }, repo, false),
    pusher: { name: event.pusherLogin, email: account?.email ?? null },
    sender: account ? { login: account.login, id: account.id, type: 'User' } : { login: event.pusherLogin },
  };
}

/**
 * Subscribes the GitHub webhooks to the store's push events, once per sandbox: a push to a GitHub
 * repository (API or git) is delivered to its active hooks that want `push`.
 */
export function subscribePushDeliveries(ctx: GitHubRepoContext): void {
  ctx.state.repos.onPush.add((event) => {
    if (event.repo.forge !== 'github') return;
    ctx.pushed(event.repo, ctx.nowMs());
    if (!event.repo.hooks.some((hook) => wants(hook, 'push'))) return;
    void pushPayload(ctx, event)
      .then((body) => deliverEvent(ctx, event.repo, 'push', body))
      .catch(() => {
        // A repository deleted by a reset in the meantime: nothing to deliver.
      });
  });
}
