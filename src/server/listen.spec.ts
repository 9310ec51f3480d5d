import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vault } from '../services/vault/index.js';
import { makeSqliteVaultTarget, type VaultTarget } from '../services/vault/testing/vault-target.js';
import type { Store } from '../store/index.js';
import { buildApp } from './app.js';
import { listen } from './listen.js';
import { openTestAccounts } from './testing/app-fixture.js';

describe('listen and graceful close', () => {
  let target: VaultTarget;
  let vault: Vault;
  let app: FastifyInstance;
  let accountsStore: Store;
  let entered: () => void;
  let release: () => void;
  let handlerEntered: Promise<void>;

  beforeEach(async () => {
    target = await makeSqliteVaultTarget();
    vault = await target.open();
    const opened = await openTestAccounts(target);
    accountsStore = opened.store;
    app = await buildApp({ vault, accounts: opened.accounts, logger: false });
    handlerEntered = new Promise((resolve) => {
      entered = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    app.get('/test/slow', async () => {
      entered();
      await released;
      return { done: true };
    });
  });
  afterEach(async () => {
    release();
    await app.close();
    await accountsStore.close();
    await vault.close();
    await target.dispose();
  });

  it('listens on a free port and says where', async () => {
    const server = await listen(app, { host: '127.0.0.1', port: 0 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    await server.close();
  });

  it('finishes a request in flight, then refuses new connections', async () => {
    const server = await listen(app, { host: '127.0.0.1', port: 0 });
    const inFlight = fetch(`${server.url}/test/slow`);
    await handlerEntered;
    const closing = server.close(5_000);
    // Closing waits for the request…
    const early = await Promise.race([closing.then(() => 'closed'), delay(100).then(() => 'waiting')]);
    expect(early).toBe('waiting');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    // …which completes normally once its work is done.
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    expect(await closing).toEqual({ drained: true });
  });

  it('cuts requests still running at the timeout and says so', async () => {
    const server = await listen(app, { host: '127.0.0.1', port: 0 });
    const inFlight = fetch(`${server.url}/test/slow`).then(
      () => 'answered',
      () => 'cut',
    );
    await handlerEntered;
    const started = Date.now();
    expect(await server.close(200)).toEqual({ drained: false });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await inFlight).toBe('cut');
  });
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
