import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ForgeId } from '../domain/forge.js';
import { Secret } from '../domain/secret.js';
import { type RunningSandbox, type SandboxUrls, startSandbox } from '../sandbox/index.js';
import { createAdapter } from './registry.js';
import type { AdapterOptions, ForgeAdapter, RequestEvent } from './types.js';

/*
 * Test support for the adapter suites that run through the sandbox forges: one sandbox per test
 * file, reset before each test, driven only through its HTTP control API with plain fetch — as an
 * outside client would, so the adapters' tests do not lean on the sandbox's internals.
 */

export const EXPIRES = '2027-01-01T00:00:00.000Z';

/** `POST {control}/tokens` bodies of an ordinary active token per forge, all for the login `octo`. */
export const ACTIVE_TOKEN: Record<ForgeId, Record<string, unknown>> = {
  github: {
    forge: 'github',
    kind: 'classic',
    login: 'octo',
    scopes: ['repo', 'workflow'],
    expiresAt: EXPIRES,
  },
  gitlab: {
    forge: 'gitlab',
    kind: 'personal',
    login: 'octo',
    scopes: ['api'],
    expiresAt: '2027-01-01',
    name: 'ci',
  },
  bitbucket: {
    forge: 'bitbucket',
    kind: 'api_token',
    login: 'octo',
    email: 'octo@example.com',
    scopes: ['read:user:bitbucket', 'read:repository:bitbucket'],
    expiresAt: EXPIRES,
  },
};

export interface ForgeSandbox {
  urls(): SandboxUrls;
  /** A control API call; throws on a non-2xx answer (a broken test setup, not a test result). */
  control(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  createToken(body: Record<string, unknown>): Promise<{ token: Secret; id: string }>;
  /** An adapter at the sandbox's API URL for `forge`, quick to retry, recording its RequestEvents. */
  adapterFor(forge: ForgeId, options?: AdapterOptions): { adapter: ForgeAdapter; events: RequestEvent[] };
}

export function useForgeSandbox(): ForgeSandbox {
  let running: RunningSandbox | undefined;
  const urls = () => {
    if (!running) throw new Error('sandbox not started');
    return running.urls;
  };

  async function control(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${urls().control}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`control ${method} ${path} → ${response.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }

  async function createToken(body: Record<string, unknown>): Promise<{ token: Secret; id: string }> {
    const created = await control('POST', '/tokens', body);
    return { token: new Secret(String(created.token)), id: String(created.id) };
  }

  function adapterFor(forge: ForgeId, options: AdapterOptions = {}) {
    const events: RequestEvent[] = [];
    const adapter = createAdapter(forge, {
      apiUrl: urls()[forge].api,
      timeoutMs: 2_000,
      backoffMs: 5,
      onRequest: (e) => events.push(e),
      ...options,
    });
    return { adapter, events };
  }

  beforeAll(async () => {
    running = await startSandbox();
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(async () => {
    await control('POST', '/reset');
  });

  return { urls, control, createToken, adapterFor };
}
