import { createServer, type IncomingHttpHeaders } from 'node:http';

/** One webhook delivery as the receiver got it: the body as sent (signatures are over these bytes). */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  /** Where to point a hook: `http://127.0.0.1:PORT/hook`. */
  url: string;
  /** Every delivery so far, in arrival order. */
  received: Received[];
  /** The next delivery not yet handed out by `next`, waiting for it if need be. */
  next(): Promise<Received>;
  /** Forgets what arrived (between tests of a file sharing one receiver). */
  clear(): void;
  close(): Promise<void>;
}

/**
 * A local HTTP receiver for the sandbox's webhook deliveries, answering each with `status` (200 by
 * default). Test support only.
 */
export async function startReceiver(status = 200): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const waiting: ((delivery: Received) => void)[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const delivery = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(delivery);
      response.writeHead(status).end();
      waiting.shift()?.(delivery);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver did not bind a TCP port');
  let seen = 0;
  return {
    url: `http://127.0.0.1:${address.port}/hook`,
    received,
    next: () =>
      new Promise((resolve) => {
        const already = received[seen];
        seen += 1;
        if (already) resolve(already);
        else waiting.push(resolve);
      }),
    clear() {
      received.length = 0;
      seen = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
