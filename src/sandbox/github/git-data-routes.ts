import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ForgeReply } from '../forge-reply.js';
import { isSha } from '../git/git-names.js';
import type { SandboxRepo, TreeChange } from '../git/types.js';
import { identityOf } from './identity.js';
import type { RepoCaller, RepoMode } from './repo-access.js';
import { repoRefusal } from './repo-access.js';
import { gitCommitBody, refBody } from './repo-bodies.js';
import {
  emptyRepository,
  type GitHubRepoContext,
  json,
  objectBody,
  type RepoParams,
  recordOf,
  validationFailed,
} from './repo-context.js';
import { githubError } from './responses.js';
import { GITHUB_REPO_RULES, type GitHubRepoEndpoint } from './rules.js';
import { isWorkflowPath, type WorkflowWrite, workflowRefusal } from './workflow-rule.js';

type Params = RepoParams & { '*'?: string; sha?: string; branch?: string };

/**
 * Route-level body limit of the write routes that carry file contents (blobs, trees with inline
 * `content`, commits, `PUT /contents`). Fastify's 1 MiB default would answer 413 to a tree of 1,000
 * files of 5 KB, which GitHub accepts; GitHub takes files up to 100 MB through the blobs and contents
 * endpoints (REST docs; changelog 2022-05-03), i.e. about 134 MB of base64 in the JSON body, so
 * the limit is above that, one value for every such route.
 */
export const GITHUB_CONTENT_BODY_LIMIT = 140 * 1024 * 1024;

/** What a Git Data handler gets once the repository is found and the caller may act on it. */
export interface GitDataCall {
  caller: Extract<RepoCaller, { kind: 'token' }> | Extract<RepoCaller, { kind: 'anonymous' }>;
  repo: SandboxRepo;
  body: Record<string, unknown>;
  docs: string;
}

const MODES = ['100644', '100755', '120000'] as const;

/**
 * The shared front of the Git Data routes (forges.md §1.8): the repository must exist and be
 * visible (404), the caller must hold the rule's scope or permission, and a repository without
 * commits answers `409 Git Repository is empty.` (§1.4) before anything else is looked at.
 */
export function gitDataRoute(
  ctx: GitHubRepoContext,
  endpoint: GitHubRepoEndpoint,
  mode: RepoMode,
  handler: (call: GitDataCall, request: FastifyRequest<{ Params: Params }>) => Promise<ForgeReply>,
  options: { allowEmpty?: boolean } = {},
) {
  const rule = GITHUB_REPO_RULES[endpoint];
  return (request: FastifyRequest<{ Params: Params }>, reply: Parameters<GitHubRepoContext['respond']>[1]) =>
    ctx.respond(request, reply, rule, async (caller) => {
      const docs = rule.documentationUrl;
      const repo = ctx.state.repos.get('github', request.params.owner, request.params.repo);
      if (!repo) return githubError(404, 'Not Found', docs);
      const refusal = repoRefusal(caller, repo, rule, mode);
      if (refusal) return refusal;
      if (!options.allowEmpty && (await ctx.state.repos.isEmpty(repo))) return emptyRepository(docs);
      const parsed = objectBody(request.body);
      if (!parsed.ok) return parsed.reply;
      return handler({ caller, repo, body: parsed.body, docs }, request);
    });
}

/** A tree entry of `POST /git/trees` as a store change, or a 422 (forges.md §1.8). */
function treeChange(entry: unknown, index: number, docs: string): TreeChange | ForgeReply {
  const invalid = (field: string) =>
    validationFailed(docs, [{ resource: 'Tree', field, code: 'invalid', index }], 'Invalid tree info');
  const item = recordOf(entry);
  if (!item) return invalid('tree');
  if (typeof item.path !== 'string' || item.path === '') return invalid('path');
  const mode = item.mode ?? '100644';
  if (item.type === 'tree' || item.type === 'commit' || mode === '040000' || mode === '160000') {
    // Subtrees and submodules by sha are not modelled by the sandbox store.
    return invalid('mode');
  }
  const blobMode = MODES.find((allowed) => allowed === mode);
  if (blobMode === undefined) return invalid('mode');
  const hasContent = item.content !== undefined;
  const hasSha = 'sha' in item;
  if (hasContent && hasSha) {
    return githubError(
      422,
      'Must supply either tree.sha or tree.content. Request will be rejected if both are present.',
      docs,
    );
  }
  if (hasSha && item.sha === null) return { path: item.path, delete: true };
  if (hasSha) {
    if (typeof item.sha !== 'string' || !isSha(item.sha)) return invalid('sha');
    return { path: item.path, mode: blobMode, blobSha: item.sha };
  }
  if (typeof item.content !== 'string') return invalid('content');
  return { path: item.path, mode: blobMode, content: Buffer.from(item.content, 'utf8') };
}

export function isChange(value: TreeChange | ForgeReply): value is TreeChange {
  return 'path' in value;
}

export function workflowWrites(changes: readonly TreeChange[]): WorkflowWrite[] {
  return changes
    .filter((change) => isWorkflowPath(change.path) && !('delete' in change))
    .map((change) => ({ path: change.path, content: 'content' in change ? change.content : null }));
}

export function registerGitDataRoutes(app: FastifyInstance, ctx: GitHubRepoContext): void {
  const { state } = ctx;

  app.get<{ Params: Params }>(
    '/repos/:owner/:repo/git/commits/:sha',
    gitDataRoute(
      ctx,
      'GET /repos/{owner}/{repo}/git/commits/{sha}',
      'read',
      async ({ repo, docs }, request) => {
        const sha = request.params.sha ?? '';
        const commit = isSha(sha) ? await state.repos.readCommit(repo, sha) : null;
        if (!commit) return githubError(404, 'Not Found', docs);
        return json(200, gitCommitBody(repo, ctx.urls, commit));
      },
    ),
  );

  app.post<{ Params: Params }>(
    '/repos/:owner/:repo/git/blobs',
    { bodyLimit: GITHUB_CONTENT_BODY_LIMIT },
    gitDataRoute(ctx, 'POST /repos/{owner}/{repo}/git/blobs', 'write', async ({ repo, body, docs }) => {
      const encoding = body.encoding ?? 'utf-8';
      if (typeof body.content !== 'string') {
        return validationFailed(docs, [{ resource: 'Blob', field: 'content', code: 'missing_field' }]);
      }
      if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
        return validationFailed(docs, [{ resource: 'Blob', field: 'encoding', code: 'invalid' }]);
      }
      const bytes = Buffer.from(body.content, encoding === 'base64' ? 'base64' : 'utf8');
      const sha = await state.repos.writeBlob(repo, bytes);
      const url = `${ctx.urls.github.api}/repos/${repo.fullName}/git/blobs/${sha}`;
      return json(201, { sha, url }, { location: url });
    }),
  );

  app.post<{ Params: Params }>(
    '/repos/:owner/:repo/git/trees',
    { bodyLimit: GITHUB_CONTENT_BODY_LIMIT },
    gitDataRoute(
      ctx,
      'POST /repos/{owner}/{repo}/git/trees',
      'write',
      async ({ caller, repo, body, docs }) => {
        if (!Array.isArray(body.tree)) {
          return validationFailed(
            docs,
            [{ resource: 'Tree', field: 'tree', code: 'missing_field' }],
            'Invalid tree info',
          );
        }
        const baseTree = body.base_tree ?? null;
        if (baseTree !== null && (typeof baseTree !== 'string' || !isSha(baseTree))) {
          return validationFailed(
            docs,
            [{ resource: 'Tree', field: 'base_tree', code: 'invalid' }],
            'Invalid tree info',
          );
        }
        const changes: TreeChange[] = [];
        for (const [index, entry] of body.tree.entries()) {
          const change = treeChange(entry, index, docs);
          if (!isChange(change)) return change;
          changes.push(change);
        }
        if (caller.kind === 'token') {
          const refused = await workflowRefusal(state, caller, repo, workflowWrites(changes), docs);
          if (refused) return refused;
        }
        const sha = await state.repos.writeTree(repo, baseTree, changes);
        const entries = await state.repos.listTree(repo, sha, { recursive: false });
        const api = `${ctx.urls.github.api}/repos/${repo.fullName}/git`;
        const tree = entries.map((entry) => ({
          ...entry,
          url: `${api}/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}`,
        }));
        return json(
          201,
          { sha, url: `${api}/trees/${sha}`, tree, truncated: false },
          { location: `${api}/trees/${sha}` },
        );
      },
    ),
  );

  app.post<{ Params: Params }>(
    '/repos/:owner/:repo/git/commits',
    { bodyLimit: GITHUB_CONTENT_BODY_LIMIT },
    gitDataRoute(
      ctx,
      'POST /repos/{owner}/{repo}/git/commits',
      'write',
      async ({ caller, repo, body, docs }) => {
        if (typeof body.message !== 'string') {
          return validationFailed(docs, [{ resource: 'Commit', field: 'message', code: 'missing_field' }]);
        }
        if (typeof body.tree !== 'string' || !isSha(body.tree)) {
          return validationFailed(docs, [{ resource: 'Commit', field: 'tree', code: 'invalid' }]);
        }
        const parents = body.parents ?? [];
        if (
          !Array.isArray(parents) ||
          !parents.every((parent): parent is string => typeof parent === 'string' && isSha(parent))
        ) {
          return validationFailed(docs, [{ resource: 'Commit', field: 'parents', code: 'invalid' }]);
        }
        const fallback = caller.kind === 'token' ? caller.account : null;
        const author = identityOf(body.author, fallback, ctx.nowMs());
        const committer =
          body.committer === undefined ? author : identityOf(body.committer, null, ctx.nowMs());
        if (!author || !committer)
          return validationFailed(docs, [{ resource: 'Commit', field: 'author', code: 'invalid' }]);
        const sha = await state.repos.writeCommit(repo, {
          tree: body.tree,
          parents,
          message: body.message,
          author,
          committer,
        });
        const commit = await state.repos.readCommit(repo, sha);
        if (!commit) return githubError(500, 'Server Error', docs);
        const answer = gitCommitBody(repo, ctx.urls, commit);
        return json(201, answer, { location: answer.url });
      },
    ),
  );

  app.get<{ Params: Params }>(
    '/repos/:owner/:repo/git/ref/*',
    gitDataRoute(ctx, 'GET /repos/{owner}/{repo}/git/ref/{ref}', 'read', async ({ repo, docs }, request) => {
      const ref = request.params['*'] ?? '';
      if (!ref.startsWith('heads/')) return githubError(404, 'Not Found', docs);
      const branch = ref.slice('heads/'.length);
      const sha = await state.repos.resolveBranch(repo, branch);
      if (!sha) return githubError(404, 'Not Found', docs);
      return json(200, refBody(repo, ctx.urls, branch, sha));
    }),
  );
}
