import { createHmac, randomUUID } from 'node:crypto';
import type { PushEvent } from '../git/repo-store.js';
import type { SandboxRepo } from '../git/types.js';
import type { SandboxState } from '../state.js';
import { accountRef, hookUuid, repoUuid, workspaceBody } from './repo-bodies.js';

/*
 * Webhook deliveries the Bitbucket way (forges.md §3.8; swagger `webhook_subscription`): a JSON
 * POST with `X-Event-Key` (`repo:push`, `pullrequest:created`), `X-Hook-UUID`, `X-Request-UUID`,
 * `X-Attempt-Number`, and — only when the hook has a secret — `X-Hub-Signature: sha256=<hex HMAC of
 * the body>` ("Bitbucket only generates the X-Hub-Signature when the webhook's secret is set").
 */

export type BitbucketEventKey = 'repo:push' | 'pullrequest:created';

/** The HMAC Bitbucket puts in `X-Hub-Signature`, over the exact bytes delivered. */
export function hubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The short repository Bitbucket puts in event payloads. */
function payloadRepo(state: SandboxState, repo: SandboxRepo): Record<string, unknown> {
  const urls = state.requireUrls().bitbucket;
  return {
    type: 'repository',
    full_name: repo.fullName,
    name: repo.name,
    uuid: repoUuid(repo),
    is_private: repo.private,
    scm: 'git',
    workspace: workspaceBody(state, repo.owner),
    links: {
      self: { href: `${urls.api}/repositories/${repo.fullName}` },
      html: { href: `${urls.web}/${repo.fullName}` },
    },
  };
}

function actorOf(state: SandboxState, login: string): Record<string, unknown> {
  const account = state.accounts.get('bitbucket', login);
  return account ? accountRef(account, state) : { type: 'user', nickname: login, display_name: login };
}

/** Delivers `payload` to every active hook of `repo` subscribed to `event`. Never throws. */
export async function deliverEvent(
  state: SandboxState,
  repo: SandboxRepo,
  event: BitbucketEventKey,
  actorLogin: string,
  payload: Record<string, unknown>,
): Promise<void> {
  const body = { ...payload, repository: payloadRepo(state, repo), actor: actorOf(state, actorLogin) };
  const hooks = repo.hooks.filter((hook) => hook.active && hook.events.includes(event));
  await Promise.all(
    hooks.map((hook) => {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'User-Agent': 'Bitbucket-Webhooks/2.0',
        'X-Event-Key': event,
        'X-Hook-UUID': hookUuid(repo, hook),
        'X-Request-UUID': randomUUID(),
        'X-Attempt-Number': '1',
      };
      // The deliverer sends JSON.stringify(body): the signature is over those bytes.
      if (hook.secret) headers['X-Hub-Signature'] = hubSignature(hook.secret, JSON.stringify(body));
      return state.repos.deliver({
        hookId: hook.id,
        forge: 'bitbucket',
        repo: repo.fullName,
        event,
        url: hook.url,
        headers,
        body,
      });
    }),
  );
}

async function pushPayload(state: SandboxState, event: PushEvent): Promise<Record<string, unknown>> {
  const name = event.ref.replace(/^refs\/heads\//, '');
  const end = (hash: string | null) =>
    hash === null ? null : { type: 'branch', name, target: { type: 'commit', hash } };
  const head = event.after === null ? null : await state.repos.readCommit(event.repo, event.after);
  const commits = head
    ? [
        {
          type: 'commit',
          hash: head.sha,
          message: head.message,
          author: { type: 'author', raw: `${head.author.name} <${head.author.email}>` },
        },
      ]
    : [];
  return {
    push: {
      changes: [
        {
          old: end(event.before),
          new: end(event.after),
          created: event.before === null,
          closed: event.after === null,
          forced: false,
          truncated: false,
          commits,
        },
      ],
    },
  };
}

/** Once per sandbox: every branch move of a Bitbucket repository becomes a `repo:push` delivery. */
export function subscribeBitbucketWebhooks(state: SandboxState): void {
  state.repos.onPush.add((event) => {
    if (event.repo.forge !== 'bitbucket') return;
    if (!event.repo.hooks.some((hook) => hook.active && hook.events.includes('repo:push'))) return;
    void pushPayload(state, event)
      .then((payload) => deliverEvent(state, event.repo, 'repo:push', event.pusherLogin, payload))
      .catch(() => {
        // The repository may be gone (a reset) before the payload was read: nothing to deliver.
      });
  });
}
