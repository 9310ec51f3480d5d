import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { createBitbucketDialect } from './bitbucket/routes.js';
import { type ControlApi, createControl, type SandboxControl } from './control.js';
import { controlRoutes } from './control-routes.js';
import type { ForgeDialect } from './forge-reply.js';
import { forgeScope, HeldRequests } from './forge-scope.js';
import { gitHosting } from './git/http-hosting.js';
import type { SandboxRepos } from './git/repo-store.js';
import { createGitHubDialect } from './github/routes.js';
import { createGitLabDialect } from './gitlab/routes.js';
import { SandboxState } from './state.js';
import { API_PREFIXES, buildUrls, CONTROL_PREFIX, type SandboxUrls } from './types.js';

export interface SandboxOptions {
  /** 0 = an ephemeral port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Added to every forge API request (not the control API); default 0. */
  latencyMs?: number;
  /** Initial sandbox clock; default real time. */
  now?: Date;
  /**
   * Directory for the bare repositories; default a new `fk-sandbox-git-*` under the system temp
   * directory, deleted on close (a given directory is emptied of repositories but kept).
   */
  gitRoot?: string;
}

export interface RunningSandbox {
  urls: SandboxUrls;
  control: SandboxControl;
  /** The repositories, in process: tests commit with `commitChanges` or watch `onPush` here. */
  repos: SandboxRepos;
  close(): Promise<void>;
}

interface BuiltSandbox {
  app: FastifyInstance;
  state: SandboxState;
  control: ControlApi;
  shutdown: () => void;
}

/** The Fastify app with the three forges and the control API; not listening yet. */
export async function buildSandbox(options: SandboxOptions = {}): Promise<BuiltSandbox> {
  const state = new SandboxState({
    latencyMs: options.latencyMs ?? 0,
    now: options.now,
    gitRoot: options.gitRoot,
  });
  const control = createControl(state);
  const held = new HeldRequests();
  const closing = new AbortController();
  // One listener per request waiting out its latency; hundreds at a time in benchmarks are expected.
  setMaxListeners(0, closing.signal);
  state.onReset.add(() => held.releaseAll());

  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(controlRoutes, { prefix: CONTROL_PREFIX, control, state });
  const dialects: ForgeDialect[] = [
    createGitHubDialect(state),
    createGitLabDialect(state),
    createBitbucketDialect(state),
  ];
  for (const dialect of dialects) {
    await app.register(forgeScope, {
      prefix: API_PREFIXES[dialect.forge],
      dialect,
      state,
      held,
      closing: closing.signal,
    });
  }
  // Git smart HTTP under each forge's web prefix, outside the API scopes (no latency or faults).
  await app.register(gitHosting, { state });
  // Whoever closes the app (startSandbox's close, or a caller of buildSandbox) removes the repositories.
  app.addHook('onClose', async () => {
    await state.repos.close();
  });
  const shutdown = () => {
    closing.abort();
    held.releaseAll();
  };
  return { app, state, control, shutdown };
}

function originOf(address: AddressInfo): string {
  const host =
    address.address === '0.0.0.0' || address.address === '::'
      ? '127.0.0.1'
      : address.family === 'IPv6'
        ? `[${address.address}]`
        : address.address;
  return `http://${host}:${address.port}`;
}

/** Starts the sandbox forges in process. Tests and `forgekeeper sandbox` use this. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const { app, state, control, shutdown } = await buildSandbox(options);
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox did not bind a TCP port');
  const urls = buildUrls(originOf(address));
  state.urls = urls;
  let closed: Promise<void> | null = null;
  return {
    urls,
    control,
    repos: state.repos,
    close() {
      closed ??= (async () => {
        shutdown();
        await app.close();
      })();
      return closed;
    },
  };
}
