import type { FkError } from '../../domain/errors/error.js';
import { err, type Result } from '../../domain/result.js';
import type { Secret } from '../../domain/secret.js';
import { redactError, secretsOfHeaders } from '../http/redact.js';
import type { HttpOutcome, HttpPipeline, HttpRequest } from '../http/types.js';

/** One GitLab request as the token's operations describe it; the session adds URL and credentials. */
export interface GitLabCall {
  method: HttpRequest['method'];
  /** Relative to the API base, e.g. `/personal_access_tokens/self`. */
  path: string;
  /**
   * An absolute URL to call instead of `path`: a `Link: rel="next"` the forge sent (pagination
   * follows the forge's links, never rebuilds them). The caller checks it is on the API's origin.
   */
  url?: string;
  /** Sent as a JSON body when present. */
  json?: Record<string, unknown>;
  /** See `HttpRequest.retries`. */
  retries?: number;
}

export type GitLabSend = (call: GitLabCall) => Promise<HttpOutcome>;

/** The requests of one token and the last line of defence on what they return. */
export interface GitLabSession {
  send: GitLabSend;
  /** `redactError` with the token (and its header forms) on an error result. */
  redact<T>(result: Result<T, FkError>): Result<T, FkError>;
}

/**
 * forges.md §2.2: `PRIVATE-TOKEN` works for personal, project and group access tokens alike (and,
 * unlike `Authorization`, is what GitLab's own docs use for the `self` endpoints).
 */
export function gitLabSession(
  http: HttpPipeline,
  apiUrl: string,
  token: Secret,
  signal: AbortSignal | undefined,
): GitLabSession {
  const headers = {
    'PRIVATE-TOKEN': token.reveal(),
    'User-Agent': 'forgekeeper',
    Accept: 'application/json',
  };
  return {
    send: ({ method, path, url, json, retries }) =>
      http.request({
        method,
        url: url ?? `${apiUrl}${path}`,
        headers: json === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
        body: json === undefined ? undefined : JSON.stringify(json),
        signal,
        retries,
      }),
    // What to redact is worked out only for an error: a successful call never needs it.
    redact: (result) =>
      result.ok ? result : err(redactError(result.error, [token, ...secretsOfHeaders(headers)])),
  };
}
