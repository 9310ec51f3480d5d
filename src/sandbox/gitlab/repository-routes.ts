import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ForgeReply } from '../forge-reply.js';
import { isSha, isValidBranchName } from '../git/git-names.js';
import type { SandboxRepo } from '../git/types.js';
import { applyActions, identities, isGitInputError, lastCommitFor, parseActions } from './commit-actions.js';
import type { GitLabContext } from './context.js';
import { offsetPage, pageUrl, parsePaging, queryOf } from './pagination.js';
import {
  booleanParam,
  grapeError,
  isForgeReply,
  missing,
  paramsOf,
  routeParam,
  stringParam,
} from './params.js';
import { projectWebUrl } from './project-bodies.js';
import { FORBIDDEN, isReply } from './projects.js';
import { branchBody, commitBody } from './repository-bodies.js';

/** Omnibus GitLab's nginx default `client_max_body_size` is 250 MB; 100 MB is plenty for a sandbox. */
const COMMIT_BODY_LIMIT = 100 * 1024 * 1024;
const BRANCH_NOT_FOUND: ForgeReply = { status: 404, body: { message: '404 Branch Not Found' } };
/** The commits API refuses a protected branch before anything else (`authorize_push_to_branch!`). */
const PROTECTED: ForgeReply = {
  status: 403,
  body: { message: '403 Forbidden - You are not allowed to push into this branch' },
};
const NOT_ON_BRANCH: ForgeReply = {
  status: 400,
  body: { message: 'You can only create or edit files when you are on a branch' },
};

export function registerRepositoryRoutes(app: FastifyInstance, context: GitLabContext): void {
  const { state, guarded, projects } = context;
  const urls = () => state.requireUrls();

  /** A branch name or a full commit sha (GitLab also takes tags; the sandbox has none). */
  const resolveRef = async (repo: SandboxRepo, ref: string): Promise<string | null> => {
    const head = await state.repos.resolveBranch(repo, ref);
    if (head) return head;
    return isSha(ref) && (await state.repos.readCommit(repo, ref)) ? ref : null;
  };

  const describeBranch = async (repo: SandboxRepo, name: string, sha: string, login: string) => {
    const commit = await state.repos.readCommit(repo, sha);
    if (!commit) throw new Error(`branch ${name} points at a missing commit`);
    return branchBody(repo, { name, commit }, projects.canPush(repo, login), urls());
  };

  app.get(
    '/projects/:id/repository/branches',
    guarded('GET /projects/:id/repository/branches', async (request, { account }) => {
      const repo = projects.find(routeParam(request, 'id'), account.login);
      if (isReply(repo)) return repo;
      const query = queryOf(request);
      const paging = parsePaging(query);
      if (isForgeReply(paging)) return paging;
      const search = typeof query.search === 'string' ? query.search.toLowerCase() : '';
      const branches = (await state.repos.branches(repo)).filter(
        (branch) => search === '' || branch.name.toLowerCase().includes(search),
      );
      const page = offsetPage(branches, paging, (n) =>
        pageUrl(urls().gitlab.api, request, query, { page: String(n), per_page: String(paging.perPage) }),
      );
      const body = await Promise.all(
        page.items.map((branch) => describeBranch(repo, branch.name, branch.sha, account.login)),
      );
      return { status: 200, body, headers: page.headers };
    }),
  );

  app.get(
    '/projects/:id/repository/branches/:branch',
    guarded('GET /projects/:id/repository/branches/:branch', async (request, { account }) => {
      const repo = projects.find(routeParam(request, 'id'), account.login);
      if (isReply(repo)) return repo;
      const name = routeParam(request, 'branch');
      const sha = await state.repos.resolveBranch(repo, name);
      if (!sha) return BRANCH_NOT_FOUND;
      return { status: 200, body: await describeBranch(repo, name, sha, account.login) };
    }),
  );

  app.post(
    '/projects/:id/repository/branches',
    guarded('POST /projects/:id/repository/branches', async (request, { account }) => {
      const repo = projects.find(routeParam(request, 'id'), account.login);
      if (isReply(repo)) return repo;
      const params = paramsOf(request);
      const absent = missing(params, ['branch', 'ref']);
      if (absent) return absent;
      const branch = stringParam(params, 'branch');
      const ref = stringParam(params, 'ref');
      if (isForgeReply(branch)) return branch;
      if (isForgeReply(ref)) return ref;
      if (branch === undefined || ref === undefined) return grapeError('branch is missing, ref is missing');
      if (!projects.canPush(repo, account.login)) return FORBIDDEN;
      if (!isValidBranchName(branch)) return { status: 400, body: { message: 'Branch name is invalid' } };
      if (await state.repos.resolveBranch(repo, branch)) {
        return { status: 400, body: { message: 'Branch already exists' } };
      }
      const sha = await resolveRef(repo, ref);
      if (!sha) return { status: 400, body: { message: 'Invalid reference name: ref' } };
      const update = await state.repos.updateBranch(repo, branch, sha, {
        expectedOld: null,
        pusherLogin: account.login,
      });
      if (update !== 'ok') return { status: 400, body: { message: 'Branch already exists' } };
      return { status: 201, body: await describeBranch(repo, branch, sha, account.login) };
    }),
  );

  app.get(
    '/projects/:id/repository/tree',
    guarded('GET /projects/:id/repository/tree', async (request, { account }) => {
      const repo = projects.find(routeParam(request, 'id'), account.login);
      if (isReply(repo)) return repo;
      const query = queryOf(request);
      const paging = parsePaging(query);
      if (isForgeReply(paging)) return paging;
      const recursive = booleanParam(query, 'recursive', false);
      if (isForgeReply(recursive)) return recursive;
      const ref = typeof query.ref === 'string' && query.ref !== '' ? query.ref : repo.defaultBranch;
      const sha = await resolveRef(repo, ref);
      if (!sha) return { status: 404, body: { message: '404 Tree Not Found' } };
      const under = typeof query.path === 'string' ? query.path.replace(/\/+$/, '') : '';
      const prefix = under === '' ? '' : `${under}/`;
      const entries = (await state.repos.listTree(repo, sha, { recursive: true })).filter(
        (entry) =>
          entry.path.startsWith(prefix) && (recursive || !entry.path.slice(prefix.length).includes('/')),
      );
      if (under !== '' && entries.length === 0)
        return { status: 404, body: { message: '404 Tree Not Found' } };
      const page = offsetPage(entries, paging, (n) =>
        pageUrl(urls().gitlab.api, request, query, { page: String(n), per_page: String(paging.perPage) }),
      );
      const body = page.items.map((entry) => ({
        id: entry.sha,
        name: entry.path.split('/').at(-1) ?? entry.path,
        type: entry.type,
        path: entry.path,
        mode: entry.mode,
      }));
      return { status: 200, body, headers: page.headers };
    }),
  );

  /** The Repository Files API's JSON read (forges.md §2.5): content as base64, with the file's mode. */
  app.get(
    '/projects/:id/repository/files/:file_path',
    guarded('GET /projects/:id/repository/files/:file_path', async (request, { account }) => {
      const repo = projects.find(routeParam(request, 'id'), account.login);
      if (isReply(repo)) return repo;
      const query = queryOf(request);
      const ref = typeof query.ref === 'string' && query.ref !== '' ? query.ref : repo.defaultBranch;
      const path = routeParam(request, 'file_path');
      const sha = await resolveRef(repo, ref);
      const content = sha ? await state.repos.readFile(repo, sha, path) : null;
      const entry =
        sha && content
          ? (await state.repos.listTree(repo, sha, { recursive: true })).find((e) => e.path === path)
          : undefined;
      if (!sha || !content || !entry) return { status: 404, body: { message: '404 File Not Found' } };
      return {
        status: 200,
        body: {
          file_name: path.split('/').at(-1) ?? path,
          file_path: path,
          size: content.length,
          encoding: 'base64',
          content_sha256: createHash('sha256').update(content).digest('hex'),
          ref,
          blob_id: entry.sha,
          commit_id: sha,
          last_commit_id: (await lastCommitFor(state, repo, sha, path)) ?? sha,
          execute_filemode: entry.mode === '100755',
          content: content.toString('base64'),
        },
      };
    }),
  );

  app.post(
    '/projects/:id/repository/commits',
    // Many files in one JSON body: far above Fastify's 1 MB default, as GitLab (nginx) accepts.
    { bodyLimit: COMMIT_BODY_LIMIT },
    guarded('POST /projects/:id/repository/commits', async (request, { account }) => {
      const repo = projects.find(routeParam(request, 'id'), account.login);
      if (isReply(repo)) return repo;
      const params = paramsOf(request);
      const absent = missing(params, ['branch', 'commit_message', 'actions']);
      if (absent) return absent;
      const branch = stringParam(params, 'branch');
      const commitMessage = stringParam(params, 'commit_message');
      const startBranch = stringParam(params, 'start_branch');
      const startSha = stringParam(params, 'start_sha');
      const force = booleanParam(params, 'force', false);
      for (const value of [branch, commitMessage, startBranch, startSha, force])
        if (isForgeReply(value)) return value;
      if (typeof branch !== 'string' || typeof commitMessage !== 'string' || typeof force !== 'boolean') {
        return grapeError('branch is invalid');
      }
      if (typeof startBranch === 'string' && typeof startSha === 'string') {
        return grapeError('start_branch, start_sha are mutually exclusive');
      }
      const actions = parseActions(params.actions);
      if (isForgeReply(actions)) return actions;
      if (!projects.canPush(repo, account.login)) return FORBIDDEN;
      if (repo.protectedBranches.has(branch)) return PROTECTED;
      if (!isValidBranchName(branch)) return { status: 400, body: { message: 'Branch name is invalid' } };

      const head = await state.repos.resolveBranch(repo, branch);
      const empty = await state.repos.isEmpty(repo);
      let parent: string | null;
      if (typeof startSha === 'string') {
        const found = isSha(startSha) ? await state.repos.readCommit(repo, startSha) : null;
        if (!found) return { status: 400, body: { message: `Invalid start_sha: ${startSha}` } };
        parent = startSha;
      } else {
        const start = typeof startBranch === 'string' ? startBranch : branch;
        parent = await state.repos.resolveBranch(repo, start);
        if (parent === null && !empty) return NOT_ON_BRANCH;
      }
      const differentBranch =
        typeof startSha === 'string' || (typeof startBranch === 'string' && startBranch !== branch);
      if (differentBranch && head !== null && !force) {
        return {
          status: 400,
          body: {
            message: `A branch called '${branch}' already exists. Switch to that branch in order to make changes`,
          },
        };
      }

      const applied = await applyActions(state, repo, parent, actions);
      if (isForgeReply(applied)) return applied;
      const now = state.clock.nowMs();
      const { author, committer } = identities(params, account, now);
      let sha: string;
      let update: string;
      try {
        const base = parent === null ? null : ((await state.repos.readCommit(repo, parent))?.tree ?? null);
        const tree = await state.repos.writeTree(repo, base, applied.changes);
        sha = await state.repos.writeCommit(repo, {
          tree,
          parents: parent === null ? [] : [parent],
          message: commitMessage,
          author,
          committer,
        });
        // `force` overwrites the branch from the start point; otherwise the head read above must still be there.
        update = await state.repos.updateBranch(
          repo,
          branch,
          sha,
          force
            ? { force: true, pusherLogin: account.login }
            : { expectedOld: head, pusherLogin: account.login },
        );
      } catch (error) {
        if (isGitInputError(error)) return { status: 400, body: { message: error.message } };
        throw error;
      }
      if (update !== 'ok') {
        return {
          status: 400,
          body: { message: `Could not update refs/heads/${branch}. Please refresh and try again.` },
        };
      }
      const info = await state.repos.readCommit(repo, sha);
      if (!info) throw new Error('the new commit cannot be read back');
      return {
        status: 201,
        body: {
          ...commitBody(repo, info, urls()),
          stats: applied.stats,
          status: null,
          project_id: repo.id,
          last_pipeline: null,
          web_url: `${projectWebUrl(repo, urls())}/-/commit/${sha}`,
        },
      };
    }),
  );
}
