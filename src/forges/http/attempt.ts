import { parseJsonSafely } from './body.js';
import { classifyNetworkError } from './network-error.js';
import { redact } from './redact.js';
import type { HttpRequest, HttpResponse, NetworkFailure } from './types.js';

export type AttemptResult =
  | { type: 'response'; response: HttpResponse }
  | { type: 'network'; failure: NetworkFailure };

/**
 * One `fetch` with its own timeout (covering headers AND body: the signal stays attached while the
 * body is read), combined with the caller's signal. The body is always read as text, then parsed
 * as JSON without throwing. Any thrown error becomes a redacted `NetworkFailure`.
 */
export async function runAttempt(
  fetchFn: typeof fetch,
  request: HttpRequest,
  options: { timeoutMs: number; secrets: readonly string[]; attempt: number },
): Promise<AttemptResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const res = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      // Not 'follow': fetch strips Authorization on a cross-origin redirect but would send a
      // PRIVATE-TOKEN header on to any host. A 3xx comes back as a response; callers report it.
      redirect: 'manual',
    });
    const text = await res.text();
    return {
      type: 'response',
      response: {
        status: res.status,
        headers: res.headers,
        text,
        json: parseJsonSafely(text),
        attempts: options.attempt,
      },
    };
  } catch (error) {
    const classified = classifyNetworkError(error, {
      timedOut: timeout.aborted,
      callerAborted: request.signal?.aborted ?? false,
    });
    return {
      type: 'network',
      failure: {
        ...classified,
        message: redact(classified.message, options.secrets),
        attempts: options.attempt,
      },
    };
  }
}
