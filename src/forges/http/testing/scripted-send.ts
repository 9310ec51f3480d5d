/**
 * A `fetch` that answers from a script, for unit tests of the pipeline and the adapters without a
 * server. Each call takes the next reply; a reply may throw (a network error) instead of answering.
 */

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON (with `content-type: application/json`), a string as is. */
  body?: string | object;
  /** Thrown instead of answering, e.g. `fetchFailed('ECONNRESET')`. */
  throws?: unknown;
}

export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  /** The request body as sent (JSON text), if any. */
  body: string | undefined;
}

export function scriptedFetch(replies: ScriptedReply[]): { fetch: typeof fetch; calls: RecordedCall[] } {
  const queue = [...replies];
  const calls: RecordedCall[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    if (init?.signal?.aborted) throw init.signal.reason;
    const reply = queue.shift();
    if (reply === undefined) throw new Error(`scriptedFetch: no reply left for call ${calls.length}`);
    if (reply.throws !== undefined) throw reply.throws;
    const headers = new Headers(reply.headers);
    if (typeof reply.body === 'object' && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    const body = typeof reply.body === 'object' ? JSON.stringify(reply.body) : (reply.body ?? '');
    return new Response(body === '' ? null : body, { status: reply.status ?? 200, headers });
  };
  return { fetch: fetchFn, calls };
}

/** What undici throws for a socket error: `TypeError: fetch failed` with the system error as cause. */
export function fetchFailed(code: string, message = `${code} happened`): TypeError {
  const cause = Object.assign(new Error(message), { code });
  return new TypeError('fetch failed', { cause });
}

/** Test seams that make the pipeline instant: no real sleeping, no jitter. */
export const instant = {
  sleep: async () => {},
  random: () => 0.5,
  backoffMs: 1,
} as const;
