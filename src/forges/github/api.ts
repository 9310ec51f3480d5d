import type { z } from 'zod';
import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { parseResponse } from '../http/parse-response.js';
import { redactError, secretsOfHeaders } from '../http/redact.js';
import type { HttpOutcome, HttpPipeline, HttpRequest, HttpResponse } from '../http/types.js';
import type { RepoAuth } from '../repo-types.js';
import { BASE_HEADERS } from './base-headers.js';
import { translateGitHubError } from './translate-error.js';

export type Method = HttpRequest['method'];

/**
 * One token's view of the GitHub API: requests with the token (Bearer, forges.md §1.2), failures
 * translated by the forge's one function and redacted, 2xx bodies validated with zod.
 */
export interface GitHubApi {
  readonly apiUrl: string;
  /** `${apiUrl}${path}`; `path` starts with `/` and is already encoded. */
  url(path: string): string;
  send(method: Method, url: string, body?: unknown): Promise<HttpOutcome>;
  /** The error a non-2xx outcome stands for, redacted. */
  failure(outcome: HttpOutcome): FkError;
  /** A 2xx answer parsed with `schema`, or the translated failure. */
  json<S extends z.ZodType>(
    method: Method,
    url: string,
    schema: S,
    body?: unknown,
  ): Promise<Result<z.output<S>, FkError>>;
  /** A successful response's body parsed with `schema` (for callers that looked at the status first). */
  parse<S extends z.ZodType>(response: HttpResponse, schema: S): Result<z.output<S>, FkError>;
}

/** `/repos/{owner}/{name}` with each part encoded. */
export function repoPath(repo: { owner: string; name: string }): string {
  return `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;
}

/** A branch or file path in a URL: each segment encoded, the slashes kept. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function isSuccess(outcome: HttpOutcome): outcome is { type: 'response'; response: HttpResponse } {
  return outcome.type === 'response' && outcome.response.status >= 200 && outcome.response.status < 300;
}

export function createGitHubApi(http: HttpPipeline, apiUrl: string, auth: RepoAuth): GitHubApi {
  // The token is revealed per request, at the HTTP boundary, not kept in plain text by the client.
  const headersFor = (json: boolean): Record<string, string> => ({
    ...BASE_HEADERS,
    Authorization: `Bearer ${auth.token.reveal()}`,
    ...(json ? { 'Content-Type': 'application/json' } : {}),
  });
  const secrets = () => [auth.token, ...secretsOfHeaders(headersFor(false))];

  const send = (method: Method, url: string, body?: unknown): Promise<HttpOutcome> =>
    http.request({
      method,
      url,
      headers: headersFor(body !== undefined),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(auth.signal ? { signal: auth.signal } : {}),
      // Creating things is not idempotent: a lost answer to a POST or PUT must not create twice.
      ...(method === 'POST' || method === 'PUT' ? { retries: 0 } : {}),
    });

  const failure = (outcome: HttpOutcome): FkError => redactError(translateGitHubError(outcome), secrets());

  const parse = <S extends z.ZodType>(response: HttpResponse, schema: S): Result<z.output<S>, FkError> => {
    const parsed = parseResponse('github', response, schema);
    return parsed.ok ? parsed : err(redactError(parsed.error, secrets()));
  };

  return {
    apiUrl,
    url: (path) => `${apiUrl}${path}`,
    send,
    failure,
    parse,
    async json(method, url, schema, body) {
      const outcome = await send(method, url, body);
      if (!isSuccess(outcome)) return err(failure(outcome));
      const parsed = parse(outcome.response, schema);
      return parsed.ok ? ok(parsed.value) : parsed;
    },
  };
}
