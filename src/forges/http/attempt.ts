import { parseJsonSafely } from './body.js';
import { classifyNetworkError } from './network-error.js';
import { redact, secretsOfHeaders } from './redact.js';
import type { HttpRequest, HttpResponse, HttpSend, NetworkFailure, ResponseHeaders } from './types.js';

export type AttemptResult =
  | { type: 'response'; response: HttpResponse }
  | { type: 'network'; failure: NetworkFailure };

/**
 * One exchange through `send` under ONE AbortController: its timer (the attempt's timeout, covering
 * headers AND body — the signal stays attached while the body is read) and the caller's signal both
 * abort it. Cheaper than `AbortSignal.timeout` + `AbortSignal.any`, which build transferable signals
 * and dependant-signal bookkeeping per request. The body is parsed as JSON without throwing. Any
 * thrown error becomes a redacted `NetworkFailure`.
 */
export async function runAttempt(
  send: HttpSend,
  request: HttpRequest,
  options: { timeoutMs: number; attempt: number },
): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The forge did not answer in time.', 'TimeoutError'));
  }, options.timeoutMs);
  const caller = request.signal;
  // An already-aborted caller still reaches `send` with an aborted signal: it fails there, as one attempt.
  if (caller?.aborted) controller.abort(caller.reason);
  const unfollow = caller === undefined || caller.aborted ? null : follow(caller, controller);
  try {
    const answer = await send({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    });
    return {
      type: 'response',
      response: {
        status: answer.status,
        headers: responseHeaders(answer.headers),
        text: answer.body,
        json: parseJsonSafely(answer.body),
        attempts: options.attempt,
      },
    };
  } catch (error) {
    const classified = classifyNetworkError(error, { timedOut, callerAborted: caller?.aborted ?? false });
    // Secrets are worked out only here, on the failure path: a successful attempt never needs them.
    const secrets = [...secretsOfHeaders(request.headers), ...(request.secrets ?? [])];
    return {
      type: 'network',
      failure: { ...classified, message: redact(classified.message, secrets), attempts: options.attempt },
    };
  } finally {
    clearTimeout(timer);
    unfollow?.();
  }
}

/** Per caller signal: the attempts in flight under it. */
const followers = new WeakMap<AbortSignal, Set<AbortController>>();

/**
 * Aborts `controller` when `signal` aborts, through ONE listener per caller signal. A Refresh All
 * hands the same signal to every check, so hundreds of attempts are in flight under it; a listener
 * each would make every add and remove walk that list (EventTarget looks for duplicates), per
 * attempt. Answers the function that stops following (the attempt ended).
 */
function follow(signal: AbortSignal, controller: AbortController): () => void {
  let attempts = followers.get(signal);
  if (attempts === undefined) {
    const created = new Set<AbortController>();
    signal.addEventListener(
      'abort',
      () => {
        for (const attempt of created) attempt.abort(signal.reason);
        created.clear();
      },
      { once: true },
    );
    followers.set(signal, created);
    attempts = created;
  }
  const following = attempts;
  following.add(controller);
  return () => following.delete(controller);
}

/** A transport's lower-case header record, read case-insensitively like `Headers` (repeats joined by `, `). */
export function responseHeaders(raw: Record<string, string | string[] | undefined>): ResponseHeaders {
  const lookup = (name: string): string | null => {
    const key = name.toLowerCase();
    if (!Object.hasOwn(raw, key)) return null;
    const value = raw[key];
    if (value === undefined) return null;
    return typeof value === 'string' ? value : value.join(', ');
  };
  return { get: lookup, has: (name) => lookup(name) !== null };
}
