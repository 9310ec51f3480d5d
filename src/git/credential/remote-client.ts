import type { IncomingMessage } from 'node:http';
import type { CredentialQuery, CredentialReply } from './wire.js';

export type RemoteOutcome = { ok: true; reply: CredentialReply | null } | { ok: false; message: string };

const MAX_BODY_BYTES = 256 * 1024;

/**
 * `POST {server}/api/v1/git/credential` with the API key as a bearer token (never in the URL or
 * argv). 200 carries a token, 204 nothing; anything else is a one-line error from the server's
 * error body. http/https are loaded only here: local mode never pays for them.
 */
export async function askServer(
  server: { url: string; apiKey: string },
  query: CredentialQuery,
  timeoutMs: number,
): Promise<RemoteOutcome> {
  const url = new URL(`${server.url}/api/v1/git/credential`);
  const transport = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const body = JSON.stringify(query);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: RemoteOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.apiKey}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          accept: 'application/json',
        },
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) return finish({ ok: false, message: 'the server answered too much' });
          chunks.push(chunk);
        });
        response.on('end', () =>
          finish(interpret(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))),
        );
        response.on('error', () => finish({ ok: false, message: 'the connection to the server broke' }));
      },
    );
    const timer = setTimeout(
      () => finish({ ok: false, message: `the server did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({
        ok: false,
        message: `cannot reach the server at ${server.url} (${error.code ?? error.message})`,
      }),
    );
    request.end(body);
  });
}

function interpret(status: number, text: string): RemoteOutcome {
  if (status === 204) return { ok: true, reply: null };
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // An HTML error page from a proxy, say.
  }
  if (status === 200 && isReply(json)) return { ok: true, reply: json };
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const what =
    typeof error?.message === 'string' ? `${error.message} (${String(error.code)})` : `HTTP ${status}`;
  return { ok: false, message: `the server refused: ${what.replace(/[\r\n]+/g, ' ')}` };
}

function isReply(value: unknown): value is CredentialReply {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.username === 'string' &&
    typeof v.password === 'string' &&
    (v.expiresAt === null || typeof v.expiresAt === 'string') &&
    typeof v.tokenId === 'string'
  );
}
