import type { z } from 'zod';
import type { FkError } from '../../domain/errors/error.js';
import { err, ok, type Result } from '../../domain/result.js';
import { parseResponse } from '../http/parse-response.js';
import { redactError, secretsOfHeaders } from '../http/redact.js';
import type { HttpPipeline, HttpRequest, HttpResponse } from '../http/types.js';
import type { RepoAuth } from '../repo-types.js';
import { authorizationFor } from './auth.js';
import type { MultipartBody } from './multipart.js';
import { type BitbucketOperation, translateBitbucketError } from './translate-error.js';

export interface BitbucketCallRequest {
  method: HttpRequest['method'];
  /** Absolute: a `next` link is followed as the forge gave it. */
  url: string;
  json?: unknown;
  multipart?: MultipartBody;
  operation: BitbucketOperation;
  /** Statuses that are answers rather than failures (404 for "no such branch"). */
  accept?: readonly number[];
}

/** One token's calls: auth header, body encoding, error translation and redaction in one place. */
export interface BitbucketCaller {
  send(request: BitbucketCallRequest): Promise<Result<HttpResponse, FkError>>;
  parse<S extends z.ZodType>(response: HttpResponse, schema: S): Result<z.output<S>, FkError>;
}

export function createBitbucketCaller(http: HttpPipeline, auth: RepoAuth): BitbucketCaller {
  const authorization = authorizationFor(auth.token, auth.kind, auth.email);
  const baseHeaders: Record<string, string> = authorization.ok
    ? { Authorization: authorization.value, Accept: 'application/json', 'User-Agent': 'forgekeeper' }
    : {};
  const secrets = () => [auth.token, ...secretsOfHeaders(baseHeaders)];

  async function send(request: BitbucketCallRequest): Promise<Result<HttpResponse, FkError>> {
    if (!authorization.ok) return authorization;
    const headers = { ...baseHeaders };
    let body: string | Uint8Array | undefined;
    if (request.multipart) {
      headers['Content-Type'] = request.multipart.contentType;
      body = request.multipart.body;
    } else if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    }
    const outcome = await http.request({
      method: request.method,
      url: request.url,
      headers,
      body,
      signal: auth.signal,
      // A write whose answer was lost may have happened: never send it twice.
      ...(request.method === 'GET' ? {} : { retries: 0 }),
    });
    if (outcome.type === 'response') {
      const { status } = outcome.response;
      if ((status >= 200 && status < 300) || request.accept?.includes(status)) return ok(outcome.response);
    }
    const error = translateBitbucketError(outcome, { kind: auth.kind, operation: request.operation });
    return err(redactError(error, secrets()));
  }

  function parse<S extends z.ZodType>(response: HttpResponse, schema: S): Result<z.output<S>, FkError> {
    const parsed = parseResponse('bitbucket', response, schema);
    return parsed.ok ? parsed : err(redactError(parsed.error, secrets()));
  }

  return { send, parse };
}
