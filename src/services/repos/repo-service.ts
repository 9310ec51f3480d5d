import type { FkError } from '../../domain/errors/error.js';
import type { ForgeId } from '../../domain/forge.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import { loadForgeDefinitions } from '../../forges/load-registry.js';
import type { RepoAuth, RepoClient } from '../../forges/repo-types.js';
import type { ForgeAdapter } from '../../forges/types.js';
import type { TokenSelector, TokenView } from '../vault/index.js';
import { capabilityRefusal, type RepoOperation, touchesWorkflows } from './capability-check.js';
import { commitChanges } from './commit-changes.js';
import { type PurposeInput, purposeOf } from './purpose.js';
import { pushWithGit } from './push-with-git.js';
import type { CreateRepoOutcome, RepoService, RepoServiceDeps, TokenChoice } from './types.js';

/** What an operation's body gets: the token's client, its adapter, the token's record and the lent token. */
export interface TokenUse {
  client: RepoClient;
  adapter: ForgeAdapter;
  view: TokenView;
  secret: Secret;
}

interface Act<T> {
  ownerId: string;
  token: TokenChoice;
  actor: string;
  operation: RepoOperation;
  purpose: Omit<PurposeInput, 'forge'>;
  /** Paths the change touches: on GitHub, any under `.github/workflows/` also needs `workflow`. */
  paths?: () => Iterable<string>;
  body: (use: TokenUse) => Promise<Result<T, FkError>>;
}

type R<T> = Promise<Result<T, FkError>>;

/**
 * Repository operations with a stored token (issue 5; docs/repos.md). Each call: the token is lent
 * by `vault.withToken` with a purpose naming the operation (so it is audited, failures with their
 * code), the adapter is made for the token's forge and API URL, the token's known scopes are
 * checked against what the operation needs — failing early with the catalogue remediation and the
 * pre-filled token page — and only then is the forge called.
 */
export function createRepoService(deps: RepoServiceDeps): RepoService {
  const { vault } = deps;

  /** The forge of the chosen token, for the purpose text; null when it cannot be told (withToken then says why). */
  async function forgeHint(ownerId: string, selector: TokenSelector): Promise<ForgeId | null> {
    if ('forge' in selector) return selector.forge;
    if ('id' in selector) {
      const shown = await vault.show(ownerId, selector.id);
      return shown.ok ? shown.value.forge : null;
    }
    const listed = await vault.list(ownerId);
    if (!listed.ok) return null;
    const matches = listed.value.filter((view) => view.label === selector.label);
    return matches.length === 1 ? (matches[0]?.forge ?? null) : null;
  }

  async function act<T>(request: Act<T>): R<T> {
    const selector = typeof request.token === 'string' ? { id: request.token } : request.token;
    const forge = await forgeHint(request.ownerId, selector);
    const purpose = purposeOf(request.operation, { ...request.purpose, forge });
    const used = await vault.withToken(
      request.ownerId,
      selector,
      purpose,
      async (secret, view): R<T> => {
        const adapter = await deps.adapterFor(view.forge, view.apiUrl);
        const webUrl = (await loadForgeDefinitions())[view.forge].webUrl(adapter.apiUrl);
        const workflows = request.paths !== undefined && touchesWorkflows(view.forge, request.paths());
        const refusal = capabilityRefusal(view, request.operation, webUrl, { workflows });
        if (refusal !== null) return err(refusal);
        const auth: RepoAuth = {
          token: secret,
          kind: view.kind,
          ...(view.email ? { email: view.email } : {}),
        };
        return request.body({ client: adapter.repos(auth), adapter, view, secret });
      },
      request.actor,
    );
    return used.ok ? used.value : used;
  }

  return {
    listRepos: (ownerId, token, input, actor) =>
      act({
        ownerId,
        token,
        actor,
        operation: 'list',
        purpose: {},
        body: ({ client }) => client.listRepos(listInput(input)),
      }),

    createRepo: (ownerId, token, input, actor) => {
      const { ifExists, ...create } = input;
      return act<CreateRepoOutcome>({
        ownerId,
        token,
        actor,
        operation: 'create',
        purpose: {
          repo: { owner: input.owner, name: input.name },
          note: ifExists === 'reuse' ? '(reuse)' : '',
        },
        body: async ({ client, view }) => {
          const created = await client.createRepo(create);
          if (created.ok) return ok({ repository: created.value, created: true });
          if (created.error.code !== 'repo_exists' || ifExists !== 'reuse') return created;
          // The name is taken: reuse it. Without an owner the repository went to the token's own
          // namespace, which is its account's login (GitHub user, GitLab username, Bitbucket workspace).
          const owner = input.owner ?? view.account?.login;
          if (owner === undefined) return created;
          const existing = await client.getRepo({ owner, name: input.name });
          return existing.ok ? ok({ repository: existing.value, created: false }) : existing;
        },
      });
    },

    listBranches: (ownerId, token, input, actor) =>
      act({
        ownerId,
        token,
        actor,
        operation: 'branches',
        purpose: { repo: input.repo },
        body: async ({ client }) => {
          const page = await client.listBranches(input.repo, listInput(input));
          if (!page.ok) return page;
          const marked = page.value.items.find((branch) => branch.isDefault);
          if (marked !== undefined) return ok({ ...page.value, defaultBranch: marked.name });
          // The default branch is on another page (or the repository is empty): ask the repository.
          const repository = await client.getRepo(input.repo);
          if (!repository.ok) return repository;
          return ok({ ...page.value, defaultBranch: repository.value.defaultBranch });
        },
      }),

    commitFiles: (ownerId, token, input, actor) => {
      const count = input.files.length + (input.delete?.length ?? 0);
      return act({
        ownerId,
        token,
        actor,
        operation: 'commit',
        purpose: {
          repo: input.repo,
          suffix: `@${input.branch}`,
          note: `(${count} ${count === 1 ? 'file' : 'files'})`,
        },
        paths: () => [...input.files.map((file) => file.path), ...(input.delete ?? [])],
        body: async ({ client }) => {
          const changes = commitChanges(input);
          if (!changes.ok) return changes;
          const { files: _files, delete: _delete, allowSecrets: _allow, ...rest } = input;
          return client.commitFiles({ ...rest, changes: changes.value });
        },
      });
    },

    push: (ownerId, token, input, actor) =>
      act({
        ownerId,
        token,
        actor,
        operation: 'push',
        purpose: {
          repo: input.repo,
          suffix: input.branch === undefined ? '' : `@${input.branch}`,
          note: input.force ? '(force)' : '',
        },
        body: ({ adapter, view, secret }) => pushWithGit(adapter, view, secret, input),
      }),

    openPullRequest: (ownerId, token, input, actor) =>
      act({
        ownerId,
        token,
        actor,
        operation: 'pull-request',
        purpose: { repo: input.repo, suffix: ` ${input.head}→${input.base}` },
        body: ({ client }) => client.openPullRequest(input),
      }),

    createWebhook: (ownerId, token, input, actor) =>
      act({
        ownerId,
        token,
        actor,
        operation: 'webhook',
        // Never the URL: a receiver URL may carry a key in its query.
        purpose: { repo: input.repo },
        body: ({ client }) => client.createWebhook(input),
      }),
  };
}

function listInput(input: { cap?: number | undefined; cursor?: string | undefined }) {
  return {
    ...(input.cap === undefined ? {} : { cap: input.cap }),
    ...(input.cursor === undefined ? {} : { cursor: input.cursor }),
  };
}
