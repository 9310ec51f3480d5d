import type { FkError } from './types.js';

/** A failed API call: the catalogue error the server answered (or a stand-in for a network failure). */
export class ApiFailure extends Error {
  constructor(
    readonly error: FkError,
    readonly status: number,
  ) {
    super(error.message);
  }
}

const WRITES = new Set(['POST', 'PATCH', 'DELETE', 'PUT']);

let csrfToken: string | null = null;

/** The session's CSRF token, from sign-in or GET /me; sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The error body's `error`, or a generic one when the answer was not the API's JSON. */
export function errorOf(body: unknown, status: number): FkError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
      const e = error as FkError;
      return { code: e.code, message: e.message, remediation: e.remediation ?? '', details: e.details };
    }
  }
  return {
    code: status === 0 ? 'network_error' : 'internal_error',
    message: status === 0 ? 'The server could not be reached.' : `The server answered ${status}.`,
    remediation: 'Check that Forgekeeper is running, then try again.',
  };
}

/** Calls /api/v1`path` with the session cookie; resolves with the JSON body or throws ApiFailure. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (WRITES.has(method) && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiFailure(errorOf(null, 0), 0);
  }
  if (response.status === 204) return null as T;
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiFailure(errorOf(parsed, response.status), response.status);
  return parsed as T;
}

/** The catalogue error of anything thrown by `api`. */
export function failureOf(thrown: unknown): FkError {
  if (thrown instanceof ApiFailure) return thrown.error;
  return errorOf(null, -1);
}

/** A query string from the defined entries, `?a=1&b=2`, or ''. */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
