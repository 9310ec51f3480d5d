import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fkError, httpStatusOf, isFkError } from '../../domain/errors/error.js';
import { scrubTokenText } from '../logging/scrub.js';
import { ApiError } from './api-error.js';
import { errorBody, internalError, type ServerError } from './error-body.js';
import { validationError } from './validation-error.js';

/** What an error becomes: the status, the body's error, and whether it is our fault (logged as an error). */
export interface Answer {
  status: number;
  error: ServerError;
  ours: boolean;
}

/**
 * Fastify's own request errors, by code, with messages of our own: theirs quote the request (the
 * URL, the content type) and must not be echoed.
 */
const FRAMEWORK_ERRORS: Record<string, { status: number; message: string; remediation?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    message: 'The request body is too large.',
    remediation: 'Send a smaller body; requests are limited to 64 KiB.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    message: 'The request body has a content type this endpoint does not take.',
    remediation: 'Send the body as JSON with Content-Type: application/json.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    message: 'The request says it has a JSON body, but the body is empty.',
    remediation: 'Send a JSON body, or no Content-Type header.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    message: 'The request body does not match its Content-Length.',
  },
  FST_ERR_BAD_URL: { status: 400, message: 'The request URL is not valid.' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, message: 'The request cannot be routed.' },
};

/** Maps anything a request can fail with onto the one error body. Never reads `error.message` of foreign errors. */
export function answerFor(error: unknown): Answer {
  if (error instanceof ApiError) {
    return { status: error.status ?? httpStatusOf(error.error.code), error: error.error, ours: false };
  }
  if (isFkError(error)) return { status: httpStatusOf(error.code), error, ours: false };
  const fastifyError = error as Partial<FastifyError> | null;
  if (fastifyError?.validation !== undefined && Array.isArray(fastifyError.validation)) {
    return {
      status: 400,
      error: validationError(fastifyError.validation, fastifyError.validationContext),
      ours: false,
    };
  }
  const known = FRAMEWORK_ERRORS[fastifyError?.code ?? ''];
  if (known !== undefined) {
    const { status, message, remediation } = known;
    return {
      status,
      error: fkError('invalid_input', remediation === undefined ? { message } : { message, remediation }),
      ours: false,
    };
  }
  const status = fastifyError?.statusCode;
  if (status === 404) return { status, error: routeNotFound(), ours: false };
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, error: fkError('invalid_input'), ours: false };
  }
  return { status: httpStatusOf('internal_error'), error: internalError(), ours: true };
}

export function routeNotFound(): ServerError {
  return fkError('not_found', {
    message: 'There is no endpoint for this method and path.',
    remediation: 'Check the method and the path against the API reference at /docs.',
  });
}

/**
 * Installs the one error handler and the 404 handler. Client errors are logged at info with their
 * code; our own failures at error level with the error's type, code and scrubbed stack — never
 * the request body, never a message that could quote it.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const answer = answerFor(error);
    if (answer.ours || answer.status >= 500) {
      request.log.error({ err: describeError(error), code: answer.error.code }, 'request failed');
    } else {
      request.log.info({ code: answer.error.code, status: answer.status }, 'request refused');
    }
    return reply.code(answer.status).type('application/json').send(errorBody(answer.error, request.id));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).type('application/json').send(errorBody(routeNotFound(), request.id)),
  );
}

/** An unexpected error as the log shows it: enough to debug, scrubbed of token-shaped text. */
function describeError(error: unknown): Record<string, string> {
  if (!(error instanceof Error)) return { type: typeof error };
  const described: Record<string, string> = {
    type: error.name,
    message: scrubTokenText(error.message),
  };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') described.code = code;
  if (error.stack !== undefined) described.stack = scrubTokenText(error.stack);
  return described;
}
