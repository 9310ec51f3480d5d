import type { FastifyInstance, preValidationAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fkError } from '../../domain/errors/error.js';
import type { RepoRef } from '../../forges/repo-types.js';
import { type AccountsService, auditActor } from '../../services/accounts/index.js';
import {
  type CommitFile,
  createRepoService,
  forgeAdapters,
  type RepoService,
} from '../../services/repos/index.js';
import type { Vault } from '../../services/vault/index.js';
import { authenticated, authOf } from '../auth/auth.js';
import { ApiError, orThrow } from '../errors/api-error.js';
import { errorBodySchema } from '../errors/error-body.js';
import { idParams } from './api-schemas.js';
import {
  branchesQuery,
  branchSchema,
  COMMIT_BODY_LIMIT_BYTES,
  commitBody,
  commitResultSchema,
  createdRepoSchema,
  createRepoBody,
  hookBody,
  listQuery,
  pullBody,
  pullRequestSchema,
  repositorySchema,
  webhookSchema,
} from './repo-schemas.js';

export interface RepoRoutesOptions {
  accounts: AccountsService;
  vault: Vault;
  /** Default: the forge adapters at each token's API URL. */
  repos?: RepoService;
}

const tags = ['repositories'];
/** Every catalogue status a repository operation can answer (docs/errors.md). */
const errors = Object.fromEntries(
  [400, 401, 403, 404, 409, 413, 422, 429, 502, 503].map((status) => [status, errorBodySchema]),
);

/**
 * Repository operations with a stored token (docs/repos.md), under the token's id: the caller's own
 * tokens only — another owner's id answers `not_found` like an unknown one. Lists need
 * `tokens:read`; anything else that acts on the forge needs `tokens:use`. Routes stay thin: the
 * service checks scopes, scans content, calls the forge and audits the use.
 */
export async function repoRoutes(app: FastifyInstance, options: RepoRoutesOptions): Promise<void> {
  const { accounts } = options;
  const service = options.repos ?? createRepoService({ vault: options.vault, adapterFor: forgeAdapters() });
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const read = authenticated(accounts, 'tokens:read');
  const use = authenticated(accounts, 'tokens:use');
  const caller = (request: Parameters<typeof authOf>[0]) => {
    const { principal } = authOf(request);
    return { ownerId: principal.ownerId, actor: auditActor(principal) };
  };
  // The token is the caller's, or `not_found` — before the body is validated, so that another
  // owner's token id answers 404 whatever was sent, as on the token routes.
  const ownToken: preValidationAsyncHookHandler = async (request) => {
    const { id } = request.params as { id?: unknown };
    if (typeof id !== 'string') return;
    orThrow(await options.vault.show(caller(request).ownerId, id));
  };

  routes.get(
    '/tokens/:id/repos',
    {
      onRequest: read,
      preValidation: ownToken,
      schema: {
        tags,
        summary: 'The repositories the token reaches, a page at a time.',
        params: idParams,
        querystring: listQuery,
        response: {
          200: z.object({ items: z.array(repositorySchema), nextCursor: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { ownerId, actor } = caller(request);
      return orThrow(await service.listRepos(ownerId, request.params.id, request.query, actor));
    },
  );

  routes.post(
    '/tokens/:id/repos',
    {
      onRequest: use,
      preValidation: ownToken,
      schema: {
        tags,
        summary: 'Create a repository (201), or with ifExists "reuse" answer the existing one (200).',
        params: idParams,
        body: createRepoBody,
        response: { 200: createdRepoSchema, 201: createdRepoSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { ownerId, actor } = caller(request);
      const outcome = orThrow(await service.createRepo(ownerId, request.params.id, request.body, actor));
      return reply.code(outcome.created ? 201 : 200).send(outcome);
    },
  );

  routes.get(
    '/tokens/:id/branches',
    {
      onRequest: read,
      preValidation: ownToken,
      schema: {
        tags,
        summary: "A repository's branches and its default branch.",
        params: idParams,
        querystring: branchesQuery,
        response: {
          200: z.object({
            items: z.array(branchSchema),
            nextCursor: z.string().nullable(),
            defaultBranch: z.string().nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { ownerId, actor } = caller(request);
      const { repo, ...page } = request.query;
      return orThrow(
        await service.listBranches(ownerId, request.params.id, { ...page, repo: repoRef(repo) }, actor),
      );
    },
  );

  routes.post(
    '/tokens/:id/commits',
    {
      onRequest: use,
      preValidation: ownToken,
      bodyLimit: COMMIT_BODY_LIMIT_BYTES,
      schema: {
        tags,
        summary:
          'One commit with many files (added, changed, deleted; text or base64), to an existing or a new branch, in as few forge requests as the forge allows.',
        params: idParams,
        body: commitBody,
        response: { 201: commitResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { ownerId, actor } = caller(request);
      const { repo, files, ...rest } = request.body;
      const input = { ...rest, repo: repoRef(repo), files: files.map(decodeFile) };
      return reply
        .code(201)
        .send(orThrow(await service.commitFiles(ownerId, request.params.id, input, actor)));
    },
  );

  routes.post(
    '/tokens/:id/pulls',
    {
      onRequest: use,
      preValidation: ownToken,
      schema: {
        tags,
        summary: 'Open a pull request (GitLab: a merge request).',
        params: idParams,
        body: pullBody,
        response: { 201: pullRequestSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { ownerId, actor } = caller(request);
      const { repo, ...rest } = request.body;
      const opened = await service.openPullRequest(
        ownerId,
        request.params.id,
        { ...rest, repo: repoRef(repo) },
        actor,
      );
      return reply.code(201).send(orThrow(opened));
    },
  );

  routes.post(
    '/tokens/:id/hooks',
    {
      onRequest: use,
      preValidation: ownToken,
      schema: {
        tags,
        summary: 'Create a repository webhook for push and pull-request events, signed with a secret.',
        params: idParams,
        body: hookBody,
        response: { 201: webhookSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { ownerId, actor } = caller(request);
      const { repo, ...rest } = request.body;
      const hook = await service.createWebhook(
        ownerId,
        request.params.id,
        { ...rest, repo: repoRef(repo) },
        actor,
      );
      return reply.code(201).send(orThrow(hook));
    },
  );
}

/** `owner/name` → the ref; the owner keeps any `/` (GitLab subgroups). The schema checked the shape. */
export function repoRef(path: string): RepoRef {
  const cut = path.lastIndexOf('/');
  return { owner: path.slice(0, cut), name: path.slice(cut + 1) };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeFile(file: {
  path: string;
  content: string;
  encoding: 'utf-8' | 'base64';
  executable?: boolean | undefined;
}): CommitFile {
  const executable = file.executable ? { executable: true } : {};
  if (file.encoding === 'utf-8')
    return { path: file.path, content: Buffer.from(file.content, 'utf8'), ...executable };
  if (file.content.length % 4 !== 0 || !BASE64.test(file.content)) {
    throw new ApiError(
      fkError('invalid_input', {
        message: `The content of "${file.path.slice(0, 200)}" is not valid base64.`,
        remediation: 'Send base64 with padding (RFC 4648, "+" and "/"), or use encoding "utf-8" for text.',
        details: { path: file.path.slice(0, 200) },
      }),
    );
  }
  return { path: file.path, content: Buffer.from(file.content, 'base64'), ...executable };
}
