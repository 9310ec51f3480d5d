/*
 * The shared HTTP pipeline of the forge adapters.
 *
 * Design choice (the lead's): thin typed clients over ONE pipeline on undici (the HTTP client Node's
 * own `fetch` is built on), not Octokit / Gitbeaker / a Bitbucket SDK, because
 *  - one retry, rate-limit, redaction and error policy must hold across GitHub, GitLab and Bitbucket
 *    (a 5xx, a timeout or a 429 never says anything about a token — DESIGN.md "Facts");
 *  - responses are validated with zod schemas we own, tolerant of extra fields;
 *  - the facts we need live in headers the big clients hide or do not cover for Bitbucket:
 *    `X-OAuth-Scopes`, `github-authentication-token-expiration`, `x-credential-type`
 *    (forges.md §1.3, §3.4);
 *  - start-up stays small: undici is the one HTTP dependency, and only commands that call a forge
 *    load it (the forge registry is imported lazily, `load-registry.ts`).
 *
 * Shape: `request()` loops over single attempts (`attempt.ts`) through a transport (`send.ts`:
 * `undici.request` on one keep-alive agent shared by every pipeline, redirects never followed). Each
 * attempt gets its own timeout combined with the caller's signal. Network errors and 5xx are retried
 * with exponential backoff and jitter (`backoff.ts`), 4xx never. A rate-limited answer
 * (forge-specific classifier, `rate-limit.ts`) is waited out only when the forge's `retryAt` is
 * within `maxRateLimitWaitMs`; otherwise it is returned at once as `rate_limited`. Every attempt
 * emits one `RequestEvent` with the path (no query), status and duration, never a header value.
 * Nothing here throws; every end is an `HttpOutcome`.
 *
 * Pagination fits on top: `request` takes absolute URLs and returns the headers, so a `Link: <…>;
 * rel="next"` (GitHub, GitLab) or a JSON `next` URL (Bitbucket) is followed by calling it again.
 */
import type { RequestEvent } from '../types.js';
import { pathnameOf } from './api-url.js';
import { runAttempt } from './attempt.js';
import { backoffDelay, sleep as defaultSleep } from './backoff.js';
import { isRetryableReason } from './network-error.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, isRateLimitedByHeaders, retryAtOf } from './rate-limit.js';
import { undiciSend } from './send.js';
import type { HttpOutcome, HttpPipeline, HttpRequest, PipelineConfig } from './types.js';

export const DEFAULTS = { timeoutMs: 10_000, retries: 2, backoffMs: 250, maxRateLimitWaitMs: 0 } as const;

/** Rate-limit waits are bounded apart from `retries`: a forge that keeps saying "later" is believed. */
const MAX_RATE_LIMIT_WAITS = 2;

export function createPipeline(config: PipelineConfig): HttpPipeline {
  const timeoutMs = config.timeoutMs ?? DEFAULTS.timeoutMs;
  const retries = Math.max(0, config.retries ?? DEFAULTS.retries);
  const backoffMs = config.backoffMs ?? DEFAULTS.backoffMs;
  const maxWaitMs = config.maxRateLimitWaitMs ?? DEFAULTS.maxRateLimitWaitMs;
  const isRateLimited = config.isRateLimited ?? isRateLimitedByHeaders;
  const send = config.send ?? undiciSend;
  const now = config.now ?? Date.now;
  const pause = config.sleep ?? defaultSleep;
  const random = config.random ?? Math.random;
  // An invalid API URL must not throw here: the request then fails as `invalid_request`, as data.
  const apiPath = pathnameOf(config.apiUrl);

  function emit(request: HttpRequest, event: Omit<RequestEvent, 'forge' | 'method' | 'path'>): void {
    if (!config.onRequest) return;
    const full: RequestEvent = {
      forge: config.forge,
      method: request.method,
      path: pathOf(request.url),
      ...event,
    };
    try {
      config.onRequest(full);
    } catch {
      // A broken log sink must not break a forge call.
    }
  }

  function pathOf(url: string): string {
    const pathname = pathnameOf(url) || '/';
    return apiPath !== '' && pathname.startsWith(apiPath) ? pathname.slice(apiPath.length) || '/' : pathname;
  }

  async function request(request: HttpRequest): Promise<HttpOutcome> {
    const maxRetries = Math.max(0, request.retries ?? retries);
    let retriesLeft = maxRetries;
    let waitsLeft = MAX_RATE_LIMIT_WAITS;
    for (let attempt = 1; ; attempt++) {
      const started = now();
      const result = await runAttempt(send, request, { timeoutMs, attempt });
      const durationMs = now() - started;

      if (result.type === 'network') {
        const { failure } = result;
        emit(request, { status: null, attempt, durationMs, errorCode: failure.code });
        if (!isRetryableReason(failure.reason) || retriesLeft === 0 || request.signal?.aborted) return result;
        retriesLeft--;
        await pause(backoffDelay(maxRetries - retriesLeft, backoffMs, random), request.signal);
        continue;
      }

      const { response } = result;
      if (isRateLimited(response)) {
        emit(request, { status: response.status, attempt, durationMs, errorCode: 'rate_limited' });
        const retryAt = retryAtOf(response.headers, now()) ?? now() + DEFAULT_RATE_LIMIT_WAIT_MS;
        const waitMs = Math.max(0, retryAt - now());
        if (waitsLeft === 0 || waitMs > maxWaitMs || request.signal?.aborted) {
          return { type: 'rate_limited', response, retryAt: new Date(retryAt).toISOString() };
        }
        waitsLeft--;
        await pause(waitMs, request.signal);
        continue;
      }

      emit(request, { status: response.status, attempt, durationMs });
      if (response.status >= 500 && retriesLeft > 0 && !request.signal?.aborted) {
        retriesLeft--;
        await pause(backoffDelay(maxRetries - retriesLeft, backoffMs, random), request.signal);
        continue;
      }
      return result;
    }
  }

  return { request };
}
