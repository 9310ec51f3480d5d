import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface ListeningServer {
  /** `http://host:port`, with the port actually bound (port 0 picks one). */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `timeoutMs`, then cuts
   * what is left. Answers whether everything finished in time. Idempotent.
   */
  close(timeoutMs?: number): Promise<{ drained: boolean }>;
}

/** Listens on `host:port`; separate from `buildApp`, so tests inject without a socket. */
export async function listen(
  app: FastifyInstance,
  options: { host: string; port: number },
): Promise<ListeningServer> {
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  let closing: Promise<{ drained: boolean }> | null = null;
  return {
    url: `http://${hostForUrl(address)}:${address.port}`,
    port: address.port,
    close(timeoutMs = 10_000) {
      closing ??= drain(app, timeoutMs);
      return closing;
    },
  };
}

const IDLE_SWEEP_MS = 50;

async function drain(app: FastifyInstance, timeoutMs: number): Promise<{ drained: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  // app.close(): the listening socket closes and connections idle at that moment are closed; onClose
  // hooks run once the requests in flight are answered. A keep-alive connection whose request ends
  // later would stay open until its keep-alive timeout (72 s): close those as they fall idle.
  const closed = app.close().then(() => 'closed' as const);
  const sweeper = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
  const first = await Promise.race([closed, expired]);
  clearTimeout(timer);
  clearInterval(sweeper);
  if (first === 'closed') return { drained: true };
  app.server.closeAllConnections();
  await closed;
  return { drained: false };
}

function hostForUrl(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return '127.0.0.1';
  if (address.address === '::') return '[::1]';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}
