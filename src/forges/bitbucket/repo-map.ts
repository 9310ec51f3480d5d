import type { z } from 'zod';
import type { PullRequest, Repository, Webhook, WebhookEvent } from '../repo-types.js';
import type {
  BitbucketRepository,
  bitbucketPullRequestSchema,
  bitbucketWebhookSchema,
} from './repo-schemas.js';

/** Bitbucket's answers → the forge-neutral shapes of repo-types.ts (forges.md §3.8). */

/** The clone URL without the `user@` Bitbucket puts in it (credentials never go in URLs). */
function withoutUserInfo(href: string): string {
  try {
    const url = new URL(href);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return href;
  }
}

export function toRepository(repo: BitbucketRepository, webUrl: string): Repository {
  const [workspace = '', slugFromName = repo.name] = repo.full_name.split('/');
  const html = repo.links.html?.href ?? `${webUrl}/${repo.full_name}`;
  const https = repo.links.clone?.find((link) => link.name === 'https')?.href;
  return {
    id: repo.uuid,
    owner: repo.workspace?.slug ?? workspace,
    name: repo.slug ?? slugFromName,
    fullName: repo.full_name,
    private: repo.is_private,
    description: repo.description ? repo.description : null,
    defaultBranch: repo.mainbranch?.name ?? null,
    webUrl: html,
    cloneUrl: https ? withoutUserInfo(https) : `${webUrl}/${repo.full_name}.git`,
  };
}

const PR_STATES: Record<string, PullRequest['state']> = {
  OPEN: 'open',
  MERGED: 'merged',
  DECLINED: 'closed',
  SUPERSEDED: 'closed',
};

export function toPullRequest(
  pull: z.output<typeof bitbucketPullRequestSchema>,
  fallbackUrl: string,
): PullRequest {
  return {
    number: pull.id,
    title: pull.title,
    head: pull.source.branch.name,
    base: pull.destination.branch.name,
    state: PR_STATES[pull.state] ?? 'open',
    webUrl: pull.links.html?.href ?? fallbackUrl,
  };
}

const WEBHOOK_EVENTS: readonly WebhookEvent[] = ['push', 'pull_request'];

/** Our events → Bitbucket's event keys (swagger `webhook_subscription.events`). */
export const EVENT_KEYS: Record<WebhookEvent, string> = {
  push: 'repo:push',
  pull_request: 'pullrequest:created',
};

export function toWebhook(hook: z.output<typeof bitbucketWebhookSchema>): Webhook {
  const events = WEBHOOK_EVENTS.filter((event) => hook.events.includes(EVENT_KEYS[event]));
  return { id: hook.uuid, url: hook.url, events, active: hook.active };
}
