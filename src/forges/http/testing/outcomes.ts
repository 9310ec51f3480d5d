import { parseJsonSafely } from '../body.js';
import type { HttpOutcome, HttpResponse, NetworkReason } from '../types.js';

/** An `HttpResponse` as the pipeline would build it, for table-driven translate-error tests. */
export function responseOf(
  status: number,
  body: string | object = '',
  headers: Record<string, string> = {},
): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: new Headers(headers), text, json: parseJsonSafely(text), attempts: 1 };
}

export function answered(
  status: number,
  body: string | object = '',
  headers: Record<string, string> = {},
): HttpOutcome {
  return { type: 'response', response: responseOf(status, body, headers) };
}

export function rateLimited(
  status: number,
  body: string | object = '',
  headers: Record<string, string> = {},
  retryAt = '2026-05-01T12:01:00.000Z',
): HttpOutcome {
  return { type: 'rate_limited', response: responseOf(status, body, headers), retryAt };
}

export function failed(reason: NetworkReason, code: string = reason): HttpOutcome {
  return { type: 'network', failure: { reason, code, message: `${code} failure`, attempts: 3 } };
}
