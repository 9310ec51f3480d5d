import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { findLeaks } from '../../../test/support/leaks.js';

/** A caller of the API in tests: a browser (cookie + CSRF token) or a program (API key). */
export interface ApiCaller {
  readonly headers: Record<string, string>;
}

export function browser(cookie: string, csrfToken: string | null): ApiCaller {
  return { headers: { cookie, ...(csrfToken === null ? {} : { 'x-csrf-token': csrfToken }) } };
}

export function program(key: string): ApiCaller {
  return { headers: { authorization: `Bearer ${key}` } };
}

export const ANONYMOUS: ApiCaller = { headers: {} };

export interface CallOptions {
  as?: ApiCaller;
  body?: unknown;
  /** Token texts that must not appear in the answer. */
  secrets?: readonly string[];
}

/** One request; fails the test when the answer holds any of `secrets`. */
export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  options: CallOptions = {},
): Promise<LightMyRequestResponse> {
  const response = await app.inject({
    method,
    url,
    headers: options.as?.headers ?? {},
    ...(options.body === undefined ? {} : { payload: options.body as Record<string, unknown> }),
  });
  const leaks = findLeaks(`${JSON.stringify(response.headers)}\n${response.body}`, options.secrets ?? []);
  expect(leaks, `${method} ${url}`).toEqual([]);
  return response;
}

/** Signs in through the API and answers the browser caller. */
export async function signIn(app: FastifyInstance, username: string, password: string): Promise<ApiCaller> {
  const response = await call(app, 'POST', '/api/v1/session', { body: { username, password } });
  expect(response.statusCode).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'fk_session');
  if (cookie === undefined) throw new Error('no session cookie');
  return browser(`fk_session=${cookie.value}`, (response.json() as { csrfToken: string }).csrfToken);
}

export function codeOf(response: LightMyRequestResponse): string {
  return (response.json() as { error: { code: string } }).error.code;
}
