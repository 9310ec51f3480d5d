import type { FastifyInstance } from 'fastify';
import { isSha, isValidBranchName } from '../git/git-names.js';
import { objectSha } from '../git/loose-objects.js';
import type { SandboxRepo } from '../git/types.js';
import { GITHUB_CONTENT_BODY_LIMIT, gitDataRoute, workflowWrites } from './git-data-routes.js';
import { identityOf } from './identity.js';
import { linkHeader, pageOf, pageRequest } from './pagination.js';
import { branchBody, gitCommitBody, refBody } from './repo-bodies.js';
import { type GitHubRepoContext, json, queryOf, validationFailed } from './repo-context.js';
import { githubError } from './responses.js';
import { workflowRefusal } from './workflow-rule.js';

/** GitHub's refusal of a ref update on a protected branch (the API form of git's GH006, forges.md §1.4). */
function protectedBranch(branch: string, docs: string) {
  return githubError(422, `Protected branch update failed for refs/heads/${branch}.`, docs);
}

function pusher(caller: { kind: string; account?: { login: string } }): string {
  return caller.account?.login ?? 'anonymous';
}

/**
 * Refs, branches and the contents API (forges.md §1.8): `POST /git/refs` (a new branch),
 * `PATCH /git/refs/heads/{branch}` (fast-forward unless `force`), `GET /branches`, and
 * `PUT /contents/{path}`, which works on an empty repository and is how its first commit is made.
 */
export function registerRefRoutes(app: FastifyInstance, ctx: GitHubRepoContext): void {
  const { state } = ctx;

  app.post(
    '/repos/:owner/:repo/git/refs',
    gitDataRoute(
      ctx,
      'POST /repos/{owner}/{repo}/git/refs',
      'write',
      async ({ caller, repo, body, docs }) => {
        if (typeof body.ref !== 'string' || typeof body.sha !== 'string') {
          const field = typeof body.ref !== 'string' ? 'ref' : 'sha';
          return validationFailed(docs, [{ resource: 'Reference', field, code: 'missing_field' }]);
        }
        // "If it doesn't start with 'refs' and have at least two slashes, it will be rejected."
        if (!/^refs\/[^/]+\/.+/.test(body.ref)) return githubError(422, 'Reference name is invalid', docs);
        if (!body.ref.startsWith('refs/heads/') || !isValidBranchName(body.ref.slice('refs/heads/'.length))) {
          return githubError(422, 'Reference name is invalid', docs);
        }
        if (!isSha(body.sha)) return githubError(422, 'Object does not exist', docs);
        const branch = body.ref.slice('refs/heads/'.length);
        const outcome = await state.repos.updateBranch(repo, branch, body.sha, {
          expectedOld: null,
          pusherLogin: pusher(caller),
        });
        if (outcome !== 'ok') return githubError(422, 'Reference already exists', docs);
        const answer = refBody(repo, ctx.urls, branch, body.sha);
        return json(201, answer, { location: answer.url });
      },
    ),
  );

  app.patch(
    '/repos/:owner/:repo/git/refs/*',
    gitDataRoute(
      ctx,
      'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
      'write',
      async ({ caller, repo, body, docs }, request) => {
        const ref = request.params['*'] ?? '';
        if (typeof body.sha !== 'string')
          return validationFailed(docs, [{ resource: 'Reference', field: 'sha', code: 'missing_field' }]);
        if (!ref.startsWith('heads/')) return githubError(422, 'Reference does not exist', docs);
        const branch = ref.slice('heads/'.length);
        const current = await state.repos.resolveBranch(repo, branch);
        if (current === null) return githubError(422, 'Reference does not exist', docs);
        if (repo.protectedBranches.has(branch)) return protectedBranch(branch, docs);
        if (!isSha(body.sha)) return githubError(422, 'Object does not exist', docs);
        const outcome = await state.repos.updateBranch(repo, branch, body.sha, {
          expectedOld: current,
          force: body.force === true,
          pusherLogin: pusher(caller),
        });
        // `moved`: another update won the race between our read and our write — not a fast-forward of it.
        if (outcome !== 'ok') return githubError(422, 'Update is not a fast forward', docs);
        return json(200, refBody(repo, ctx.urls, branch, body.sha));
      },
    ),
  );

  app.post(
    '/repos/:owner/:repo/branches/:branch/rename',
    gitDataRoute(
      ctx,
      'POST /repos/{owner}/{repo}/branches/{branch}/rename',
      'write',
      async ({ repo, body, docs }, request) => {
        const from = request.params.branch ?? '';
        if (typeof body.new_name !== 'string') {
          return validationFailed(docs, [{ resource: 'Branch', field: 'new_name', code: 'missing_field' }]);
        }
        if (!isValidBranchName(body.new_name)) {
          return validationFailed(docs, [{ resource: 'Branch', field: 'new_name', code: 'invalid' }]);
        }
        const renamed = await state.repos.renameBranch(repo, from, body.new_name);
        if (renamed === 'not_found') return githubError(404, 'Branch not found', docs);
        if (renamed === 'exists') {
          return validationFailed(docs, [{ resource: 'Branch', field: 'new_name', code: 'already_exists' }]);
        }
        const sha = (await state.repos.resolveBranch(repo, body.new_name)) ?? '';
        return json(201, branchBody(repo, ctx.urls, body.new_name, sha));
      },
    ),
  );

  app.get(
    '/repos/:owner/:repo/branches',
    gitDataRoute(
      ctx,
      'GET /repos/{owner}/{repo}/branches',
      'read',
      async ({ repo }, request) => {
        const query = queryOf(request);
        let branches = await state.repos.branches(repo);
        if (query.protected === 'true' || query.protected === 'false') {
          const wanted = query.protected === 'true';
          branches = branches.filter((branch) => repo.protectedBranches.has(branch.name) === wanted);
        }
        const page = pageRequest(query);
        const link = linkHeader(ctx.absoluteUrl(request), query, page, branches.length);
        const items = pageOf(branches, page).map((branch) =>
          branchBody(repo, ctx.urls, branch.name, branch.sha),
        );
        return json(200, items, link ? { link } : {});
      },
      // An empty repository has no branches: `[]`, not a 409.
      { allowEmpty: true },
    ),
  );

  app.put(
    '/repos/:owner/:repo/contents/*',
    { bodyLimit: GITHUB_CONTENT_BODY_LIMIT },
    gitDataRoute(
      ctx,
      'PUT /repos/{owner}/{repo}/contents/{path}',
      'write',
      async ({ caller, repo, body, docs }, request) => {
        if (caller.kind !== 'token') return githubError(401, 'Requires authentication', docs);
        const path = request.params['*'] ?? '';
        if (typeof body.message !== 'string')
          return validationFailed(docs, [{ resource: 'Commit', field: 'message', code: 'missing_field' }]);
        if (typeof body.content !== 'string')
          return validationFailed(docs, [{ resource: 'Commit', field: 'content', code: 'missing_field' }]);
        if (!/^[A-Za-z0-9+/=\s]*$/.test(body.content))
          return githubError(422, 'content is not valid Base64', docs);
        const branch = typeof body.branch === 'string' ? body.branch : repo.defaultBranch;
        const content = Buffer.from(body.content, 'base64');
        const empty = await state.repos.isEmpty(repo);
        const head = empty ? null : await state.repos.resolveBranch(repo, branch);
        if (!empty && head === null) return githubError(404, `Branch ${branch} not found`, docs);
        if (repo.protectedBranches.has(branch)) return protectedBranch(branch, docs);
        const existing = head === null ? null : await state.repos.readFile(repo, head, path);
        if (existing && body.sha === undefined)
          return githubError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.', docs);
        if (existing && body.sha !== objectSha('blob', existing))
          return githubError(409, `${path} does not match ${String(body.sha)}`, docs);
        const refused = await workflowRefusal(state, caller, repo, workflowWrites([{ path, content }]), docs);
        if (refused) return refused;
        const author = identityOf(body.author ?? body.committer, caller.account, ctx.nowMs());
        if (!author)
          return validationFailed(docs, [{ resource: 'Commit', field: 'author', code: 'invalid' }]);
        const { sha, update } = await state.repos.commitChanges(repo, {
          branch,
          parent: head,
          changes: [{ path, content }],
          message: body.message,
          author,
          expectedOld: head,
          pusherLogin: caller.account.login,
        });
        if (update !== 'ok') return githubError(409, `${branch} is at a newer commit than expected`, docs);
        return json(existing ? 200 : 201, await fileCommitBody(ctx, repo, sha, path, content));
      },
      // The contents API works on an empty repository: it makes the first commit (forges.md §1.8).
      { allowEmpty: true },
    ),
  );
}

async function fileCommitBody(
  ctx: GitHubRepoContext,
  repo: SandboxRepo,
  sha: string,
  path: string,
  content: Buffer,
) {
  const commit = await ctx.state.repos.readCommit(repo, sha);
  const blob = objectSha('blob', content);
  const api = `${ctx.urls.github.api}/repos/${repo.fullName}`;
  const html = `${ctx.urls.github.web}/${repo.fullName}/blob/${repo.defaultBranch}/${path}`;
  return {
    content: {
      name: path.split('/').at(-1),
      path,
      sha: blob,
      size: content.length,
      url: `${api}/contents/${path}`,
      html_url: html,
      git_url: `${api}/git/blobs/${blob}`,
      download_url: `${ctx.urls.github.web}/${repo.fullName}/raw/${repo.defaultBranch}/${path}`,
      type: 'file',
      _links: { self: `${api}/contents/${path}`, git: `${api}/git/blobs/${blob}`, html },
    },
    commit: commit ? gitCommitBody(repo, ctx.urls, commit) : { sha },
  };
}
