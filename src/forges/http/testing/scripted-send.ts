import type { HttpSend, SendRequest, SendResponse } from '../types.js';

/**
 * A transport (`send`) that answers from a script, for unit tests of the pipeline and the adapters
 * without a server. Each call takes the next reply; a reply may throw (a network error) instead of
 * answering. Like the real transport it fails at once when the attempt's signal is already aborted.
 */

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON (with `content-type: application/json`), a string as is. */
  body?: string | object;
  /** Thrown instead of answering, e.g. `networkFailure('ECONNRESET')`. */
  throws?: unknown;
}

export interface RecordedCall {
  url: string;
  method: string;
  /** The request headers, read case-insensitively. */
  headers: Headers;
  /** The request body as sent (JSON text; bytes decoded as UTF-8), if any. */
  body: string | undefined;
}

export function scriptedSend(replies: ScriptedReply[]): { send: HttpSend; calls: RecordedCall[] } {
  const queue = [...replies];
  const calls: RecordedCall[] = [];
  const send = async (request: SendRequest): Promise<SendResponse> => {
    calls.push({
      url: request.url,
      method: request.method,
      headers: new Headers(request.headers),
      body:
        typeof request.body === 'string'
          ? request.body
          : request.body && Buffer.from(request.body).toString('utf8'),
    });
    if (request.signal.aborted) throw request.signal.reason;
    const reply = queue.shift();
    if (reply === undefined) throw new Error(`scriptedSend: no reply left for call ${calls.length}`);
    if (reply.throws !== undefined) throw reply.throws;
    return answer(reply);
  };
  return { send, calls };
}

/** A reply as the transport hands it on: lower-case header names, body as text. */
export function answer(reply: Omit<ScriptedReply, 'throws'>): SendResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
  if (typeof reply.body === 'object' && headers['content-type'] === undefined)
    headers['content-type'] = 'application/json';
  const body = typeof reply.body === 'object' ? JSON.stringify(reply.body) : (reply.body ?? '');
  return { status: reply.status ?? 200, headers, body };
}

/** What `undici.request` throws for a socket error: the system (or undici) error itself, with its `code`. */
export function networkFailure(code: string, message = `${code} happened`): Error {
  return Object.assign(new Error(message), { code });
}

/** Test seams that make the pipeline instant: no real sleeping, no jitter. */
export const instant = {
  sleep: async () => {},
  random: () => 0.5,
  backoffMs: 1,
} as const;
