import { Agent, request } from 'undici';
import type { HttpSend } from './types.js';

/*
 * The transport under the pipeline: `undici.request`, not `fetch`. Both are undici; `request`
 * skips the WHATWG layer (Request/Response/Headers objects, body streams, the fetch algorithm),
 * which was most of the CPU of a forge call at Refresh All's rates.
 *
 * Connections: ONE keep-alive `Agent` for the whole process, shared by every pipeline. Adapters
 * (and with them pipelines) are created per check, so a per-adapter agent would open a connection
 * per check and never reuse it. A module-level agent of our own, rather than undici's global
 * dispatcher, because the global one is also the built-in `fetch`'s (shared through a global
 * symbol): setting it would change every other `fetch` in the process, and anyone else setting it
 * would silently change where forge credentials go. The agent keeps idle sockets unref'd, so it
 * never holds a CLI process open, and closes them after undici's keep-alive timeout (4 s, or the
 * server's `Keep-Alive: timeout` hint).
 *
 * Redirects are NOT followed: undici's `request` follows none unless a redirect interceptor is
 * installed, and none is. A 3xx comes back as a response that callers report ("use the API URL it
 * points to"), so a PRIVATE-TOKEN or Authorization header is never replayed to another host.
 *
 * No `accept-encoding` is sent (nothing here decompresses), so forges answer uncompressed.
 */

let agent: Agent | undefined;

function sharedAgent(): Agent {
  agent ??= new Agent();
  return agent;
}

/** One HTTP exchange through the shared agent, body read whole as UTF-8 text. Throws on network errors and aborts. */
export const undiciSend: HttpSend = async (req) => {
  const response = await request(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    signal: req.signal,
    dispatcher: sharedAgent(),
  });
  return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
};
