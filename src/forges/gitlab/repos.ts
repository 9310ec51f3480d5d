import type { z } from 'zod';
import { type FkError, fkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import type {
  Branch,
  CreateRepoInput,
  PullRequest,
  RepoClient,
  Repository,
  Webhook,
  WebhookEvent,
} from '../repo-types.js';
import { commitGitLabFiles } from './commit-files.js';
import { capOf, collectPages, perPageFor } from './pages.js';
import { expectStatus, projectId } from './project-ref.js';
import {
  type GitLabProject,
  gitLabBranchListSchema,
  gitLabHookSchema,
  gitLabMergeRequestSchema,
  gitLabNamespaceSchema,
  gitLabProjectListSchema,
  gitLabProjectSchema,
} from './schemas.js';
import type { GitLabSession } from './session.js';

/** A GitLab project as a `Repository`. Internal projects are not public, so they read as private. */
export function toRepository(project: GitLabProject): Repository {
  const slash = project.path_with_namespace.lastIndexOf('/');
  const owner = project.namespace?.full_path ?? project.path_with_namespace.slice(0, Math.max(0, slash));
  return {
    id: String(project.id),
    owner,
    name: project.path,
    fullName: project.path_with_namespace,
    private: project.visibility !== 'public',
    description: project.description ? project.description : null,
    defaultBranch: project.default_branch ?? null,
    webUrl: project.web_url,
    cloneUrl: project.http_url_to_repo ?? `${project.web_url}.git`,
  };
}

function mergeRequestState(state: string): PullRequest['state'] {
  if (state === 'merged') return 'merged';
  return state === 'opened' ? 'open' : 'closed';
}

/**
 * GitLab's repository operations for one token (forges.md §2.5, §2.8). Writes are sent once
 * (`retries: 0`): a create or commit whose answer was lost may have happened, and a blind resend
 * would fail as "taken" or commit twice.
 */
export function gitLabRepoClient(session: GitLabSession, apiUrl: string): RepoClient {
  const { send } = session;

  return {
    async listRepos(input) {
      const cap = capOf(input);
      if (!cap.ok) return cap;
      // Keyset by id: stable while projects are created meanwhile, and no offset ceiling (§2.8).
      const first = `${apiUrl}/projects?membership=true&simple=true&pagination=keyset&order_by=id&sort=asc&per_page=${perPageFor(cap.value)}`;
      return session.redact(
        await collectPages(send, apiUrl, first, input, gitLabProjectListSchema, toRepository),
      );
    },

    async getRepo(repo) {
      const outcome = await send({ method: 'GET', path: `/projects/${projectId(repo)}` });
      const project = expectStatus(outcome, 200, gitLabProjectSchema);
      return session.redact(project.ok ? ok(toRepository(project.value)) : project);
    },

    async createRepo(input) {
      return session.redact(await createProject(session, input));
    },

    async listBranches(repo, input) {
      const cap = capOf(input);
      if (!cap.ok) return cap;
      const first = `${apiUrl}/projects/${projectId(repo)}/repository/branches?per_page=${perPageFor(cap.value)}`;
      const toBranch = (branch: z.output<typeof gitLabBranchListSchema>[number]): Branch => ({
        name: branch.name,
        sha: branch.commit.id,
        protected: branch.protected ?? false,
        isDefault: branch.default ?? false,
      });
      return session.redact(await collectPages(send, apiUrl, first, input, gitLabBranchListSchema, toBranch));
    },

    async commitFiles(input) {
      return session.redact(await commitGitLabFiles(send, apiUrl, input));
    },

    async openPullRequest(input) {
      // GitLab marks drafts by the title prefix (`Draft:`), understood by every version.
      const title = input.draft && !/^\s*draft:/i.test(input.title) ? `Draft: ${input.title}` : input.title;
      const outcome = await send({
        method: 'POST',
        path: `/projects/${projectId(input.repo)}/merge_requests`,
        json: {
          source_branch: input.head,
          target_branch: input.base,
          title,
          ...(input.body === undefined ? {} : { description: input.body }),
        },
        retries: 0,
      });
      const mr = expectStatus(outcome, 201, gitLabMergeRequestSchema);
      if (!mr.ok) return session.redact(mr);
      return ok({
        number: mr.value.iid,
        title: mr.value.title,
        head: mr.value.source_branch,
        base: mr.value.target_branch,
        state: mergeRequestState(mr.value.state),
        webUrl: mr.value.web_url,
      });
    },

    async createWebhook(input) {
      const events: readonly WebhookEvent[] = input.events ?? ['push', 'pull_request'];
      const outcome = await send({
        method: 'POST',
        path: `/projects/${projectId(input.repo)}/hooks`,
        json: {
          url: input.url,
          push_events: events.includes('push'),
          merge_requests_events: events.includes('pull_request'),
          enable_ssl_verification: true,
          // GitLab sends the secret back as `X-Gitlab-Token` on each delivery (§2.8).
          ...(input.secret === undefined ? {} : { token: input.secret }),
        },
        retries: 0,
      });
      const hook = expectStatus(outcome, 201, gitLabHookSchema);
      if (!hook.ok) return session.redact(hook);
      const subscribed: WebhookEvent[] = [];
      if (hook.value.push_events) subscribed.push('push');
      if (hook.value.merge_requests_events) subscribed.push('pull_request');
      const created: Webhook = {
        id: String(hook.value.id),
        url: hook.value.url,
        events: subscribed,
        active: hook.value.alert_status !== 'disabled' && hook.value.alert_status !== 'permanently_disabled',
      };
      return ok(created);
    },
  };
}

/**
 * `POST /projects` (forges.md §2.8). A group or another namespace is named by path; GitLab wants its
 * id, so `GET /namespaces/:path` comes first (one extra request, only when `owner` is given).
 */
async function createProject(
  session: GitLabSession,
  input: CreateRepoInput,
): Promise<Result<Repository, FkError>> {
  let namespaceId: number | undefined;
  if (input.owner !== undefined) {
    const outcome = await session.send({
      method: 'GET',
      path: `/namespaces/${encodeURIComponent(input.owner)}`,
    });
    if (outcome.type === 'response' && outcome.response.status === 404) {
      return err(
        fkError('not_found', {
          message: `GitLab has no group or namespace "${input.owner}" that this token's user can create projects in.`,
          remediation:
            'Check the group path (full path for subgroups, e.g. group/sub) and that the user is a member of it.',
          details: { forge: 'gitlab', status: 404, owner: input.owner },
        }),
      );
    }
    const namespace = expectStatus(outcome, 200, gitLabNamespaceSchema);
    if (!namespace.ok) return namespace;
    namespaceId = namespace.value.id;
  }
  const outcome = await session.send({
    method: 'POST',
    path: '/projects',
    json: {
      name: input.name,
      path: input.name,
      ...(namespaceId === undefined ? {} : { namespace_id: namespaceId }),
      visibility: input.private === false ? 'public' : 'private',
      initialize_with_readme: input.initialize ?? false,
      default_branch: input.defaultBranch ?? 'main',
      ...(input.description === undefined ? {} : { description: input.description }),
    },
    retries: 0,
  });
  const project = expectStatus(outcome, 201, gitLabProjectSchema);
  return project.ok ? ok(toRepository(project.value)) : project;
}
