import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { headerValue, parseAuthorization } from '../auth-header.js';
import { maskAuthorization } from '../mask.js';
import type { SandboxState } from '../state.js';
import { SANDBOX_FORGES, type SandboxForge, WEB_PREFIXES } from '../types.js';
import { type BasicCredentials, GIT_ACCESS, type GitAccess, type GitOperation } from './access/index.js';
import { httpBackendPath, runCgi } from './cgi.js';
import { cleanGitEnv } from './git-exec.js';
import type { SandboxRepo } from './types.js';

/**
 * Git hosting over smart HTTP, `git clone {web}/{owner}/{name}.git` for each forge, served by
 * `git http-backend` with each forge's own authentication and authorisation rules (access/*.ts).
 * Outside the forge API scopes: no API latency, faults or rate limits; requests are logged.
 */
type GitService = 'info/refs' | 'git-upload-pack' | 'git-receive-pack';

const SERVICES: { service: GitService; method: 'GET' | 'POST' }[] = [
  { service: 'info/refs', method: 'GET' },
  { service: 'git-upload-pack', method: 'POST' },
  { service: 'git-receive-pack', method: 'POST' },
];

/** Path depth of `owner/name`: GitHub and Bitbucket owners are one segment; GitLab groups nest up to 20 deep. */
const MAX_SEGMENTS: Record<SandboxForge, number> = { github: 2, gitlab: 21, bitbucket: 2 };

export interface GitTarget {
  owner: string;
  name: string;
  service: GitService;
}

/**
 * `{owner}/{name}.git/{service}` after the web prefix; the longest path ending in `.git` names the
 * repository, so GitLab owners may hold `/`. A path without `.git` works too, as on the forges.
 */
export function parseGitPath(forge: SandboxForge, pathAfterPrefix: string): GitTarget | null {
  const service = SERVICES.find((entry) => pathAfterPrefix.endsWith(`/${entry.service}`))?.service;
  if (!service) return null;
  const repoPath = pathAfterPrefix.slice(1, -(service.length + 1));
  let segments: string[];
  try {
    segments = repoPath.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
  if (segments.length < 2 || segments.length > MAX_SEGMENTS[forge] || segments.some((part) => part === '')) {
    return null;
  }
  const last = segments.pop()!;
  const name = last.endsWith('.git') ? last.slice(0, -4) : last;
  if (name === '') return null;
  return { owner: segments.join('/'), name, service };
}

function basicCredentials(request: FastifyRequest): BasicCredentials | null {
  const credential = parseAuthorization(headerValue(request.headers.authorization));
  if (credential?.scheme === 'basic') return { username: credential.username, password: credential.password };
  // Git only ever sends Basic; anything else is as good as nothing.
  return null;
}

function operationOf(request: FastifyRequest, service: GitService): GitOperation {
  if (service === 'git-receive-pack') return 'write';
  if (service === 'info/refs') {
    const query = new URLSearchParams(request.url.slice(request.url.indexOf('?') + 1));
    if (request.url.includes('?') && query.get('service') === 'git-receive-pack') return 'write';
  }
  return 'read';
}

export interface GitHostingOptions {
  state: SandboxState;
}

/** Fastify plugin: the git routes of every forge (register without a prefix). */
export async function gitHosting(app: FastifyInstance, options: GitHostingOptions): Promise<void> {
  const { state } = options;
  let backend: Promise<string> | null = null;
  const backendPath = async () => {
    backend ??= state.repos.home().then(httpBackendPath);
    return backend;
  };

  // Bodies are packs for git http-backend, streamed untouched (gzip included): never parsed here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  const log = (
    forge: SandboxForge,
    request: FastifyRequest,
    path: string,
    status: number | null,
    started: number,
  ) => {
    const authorization = headerValue(request.headers.authorization);
    state.log.add({
      time: new Date(state.clock.nowMs()).toISOString(),
      forge,
      method: request.method,
      path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      authorization: authorization ? maskAuthorization(authorization) : null,
      fault: null,
    });
  };

  const refuse = (reply: FastifyReply, access: Extract<GitAccess, { allowed: false }>) =>
    reply
      .code(access.status)
      .headers({ ...access.headers, 'content-type': 'text/plain; charset=utf-8' })
      .send(access.message === '' ? '' : `${access.message}\n`);

  const handle = (forge: SandboxForge) => async (request: FastifyRequest, reply: FastifyReply) => {
    const started = performance.now();
    const queryAt = request.url.indexOf('?');
    const path = request.url.slice(WEB_PREFIXES[forge].length, queryAt < 0 ? undefined : queryAt);
    const target = parseGitPath(forge, path);
    if (!target) {
      log(forge, request, path, 404, started);
      return reply.code(404).type('text/plain; charset=utf-8').send('Not Found\n');
    }
    const repo = state.repos.get(forge, target.owner, target.name);
    const operation = operationOf(request, target.service);
    const access = GIT_ACCESS[forge]({
      state,
      repo,
      path: `${target.owner}/${target.name}`,
      operation,
      credentials: basicCredentials(request),
      ip: request.ip,
    });
    if (!access.allowed) {
      log(forge, request, path, access.status, started);
      return refuse(reply, access);
    }
    if (!repo) {
      log(forge, request, path, 404, started);
      return reply.code(404).type('text/plain; charset=utf-8').send('Not Found\n');
    }
    reply.hijack();
    let status: number;
    try {
      const env = await backendEnv(state, forge, repo, request, target.service, queryAt, access);
      const program = await backendPath();
      const run = () => runCgi(program, env, request.raw, reply.raw);
      status =
        target.service === 'git-receive-pack'
          ? await state.repos.withLock(repo, () => pushAndReport(state, repo, access.login ?? '', run))
          : await run();
    } catch {
      status = 500;
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'text/plain' });
      reply.raw.end();
    }
    log(forge, request, path, status, started);
  };

  for (const forge of SANDBOX_FORGES) {
    for (let depth = 2; depth <= MAX_SEGMENTS[forge]; depth++) {
      const params = Array.from({ length: depth }, (_, index) => `:p${index}`).join('/');
      for (const { service, method } of SERVICES) {
        app.route({ method, url: `${WEB_PREFIXES[forge]}/${params}/${service}`, handler: handle(forge) });
      }
    }
  }
}

async function backendEnv(
  state: SandboxState,
  forge: SandboxForge,
  repo: SandboxRepo,
  request: FastifyRequest,
  service: GitService,
  queryAt: number,
  access: Extract<GitAccess, { allowed: true }>,
): Promise<Record<string, string>> {
  const header = (name: string) => headerValue(request.headers[name]);
  const env: Record<string, string> = {
    GIT_PROJECT_ROOT: await state.repos.forgeRoot(forge),
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: `/${repo.id}.git/${service}`,
    REQUEST_METHOD: request.method,
    QUERY_STRING: queryAt < 0 ? '' : request.url.slice(queryAt + 1),
    REMOTE_ADDR: request.ip,
    // Read by the pre-receive hook (pre-receive-hook.ts).
    FK_FORGE: forge,
    FK_PROTECTED: [...repo.protectedBranches].join('\n'),
    FK_WORKFLOWS: forge === 'github' && access.workflows === 'deny' ? 'deny' : 'allow',
  };
  const optional: [string, string | undefined][] = [
    ['CONTENT_TYPE', header('content-type')],
    ['CONTENT_LENGTH', header('content-length')],
    // Git gzips large upload-pack requests; http-backend inflates them itself.
    ['HTTP_CONTENT_ENCODING', header('content-encoding')],
    ['GIT_PROTOCOL', header('git-protocol')],
    ['REMOTE_USER', access.login ?? undefined],
  ];
  for (const [name, value] of optional) if (value) env[name] = value;
  return cleanGitEnv(await state.repos.home(), env);
}

/** Runs a receive-pack and emits a push event (`via: 'git'`) for every branch it moved. */
async function pushAndReport(
  state: SandboxState,
  repo: SandboxRepo,
  pusherLogin: string,
  run: () => Promise<number>,
): Promise<number> {
  const heads = async () =>
    new Map((await state.repos.branches(repo)).map((branch) => [branch.name, branch.sha]));
  const before = await heads();
  const status = await run();
  const after = await heads();
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(name) ?? null;
    const now = after.get(name) ?? null;
    if (old === now) continue;
    state.repos.emitPush({
      repo,
      ref: `refs/heads/${name}`,
      before: old,
      after: now,
      pusherLogin,
      via: 'git',
    });
  }
  return status;
}
