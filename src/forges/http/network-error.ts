import type { NetworkReason } from './types.js';

const REASON_BY_CODE: Record<string, NetworkReason> = {
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ERR_INVALID_URL: 'invalid_request',
  // undici refusing the request before sending it: a URL that is not http(s), a bad header value.
  UND_ERR_INVALID_ARG: 'invalid_request',
};

/** Whether a failure without an HTTP answer is worth another attempt. */
export function isRetryableReason(reason: NetworkReason): boolean {
  return reason !== 'aborted' && reason !== 'invalid_request';
}

/**
 * Classifies what the transport threw. `undici.request` throws the system error itself (`code`
 * ECONNREFUSED, ENOTFOUND …) or an undici error with an `UND_ERR_*` code; `fetch` wrapped the same
 * as `TypeError: fetch failed` with it (or an AggregateError of them, for happy-eyeballs connects)
 * as `cause` — both shapes are read. `timedOut`/`callerAborted` say which signal fired, since both
 * surface as an abort.
 */
export function classifyNetworkError(
  error: unknown,
  signals: { timedOut: boolean; callerAborted: boolean },
): { reason: NetworkReason; code: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (signals.callerAborted) return { reason: 'aborted', code: 'aborted', message };
  if (signals.timedOut || nameOf(error) === 'TimeoutError')
    return { reason: 'timeout', code: 'timeout', message };
  const code = codeOf(error) ?? codeOf(causeOf(error)) ?? firstAggregateCode(causeOf(error));
  const causeMessage = messageOf(causeOf(error));
  const full = causeMessage ? `${message}: ${causeMessage}` : message;
  if (code !== undefined) return { reason: REASON_BY_CODE[code] ?? 'network', code, message: full };
  return { reason: 'network', code: 'network', message: full };
}

function causeOf(error: unknown): unknown {
  return error instanceof Error ? error.cause : undefined;
}

function nameOf(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function messageOf(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function firstAggregateCode(error: unknown): string | undefined {
  if (!(error instanceof AggregateError)) return undefined;
  return error.errors.map(codeOf).find((c) => c !== undefined);
}
