import type { FastifyRequest } from 'fastify';
import type { DestinationStream, LevelWithSilent, LoggerOptions } from 'pino';
import { safeUrl } from './safe-url.js';
import { scrubTokenText } from './scrub.js';

/** What callers of `buildApp` choose about logging; redaction is not theirs to switch off. */
export interface ServerLoggerOptions {
  /** Default `info`. */
  level?: LevelWithSilent;
  /** Where JSON lines go; default stdout (pino's default). Tests pass a capturing stream. */
  stream?: DestinationStream;
}

export const REDACTED = '[REDACTED]';

/** Credential-carrying headers (request and response) and the body fields that hold secrets. */
const SECRET_HEADERS = ['authorization', 'cookie', 'private-token', 'x-api-key', 'proxy-authorization'];
const SECRET_FIELDS = ['token', 'password', 'key', 'secret', 'apiKey', 'newToken', 'raw'];

/** pino redaction paths: headers wherever a request or response is logged, and secret fields up to three levels deep. */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_HEADERS.flatMap((name) => [`req.headers["${name}"]`, `headers["${name}"]`]),
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]),
];

/**
 * pino options for the server: redaction by path, a request serializer that never logs the raw URL
 * (query strings) or header values, and a final scrub of every written line for token-shaped text,
 * so even a token pasted into an unexpected field does not reach the log.
 */
export function loggerOptions(options: ServerLoggerOptions): LoggerOptions & { stream?: DestinationStream } {
  return {
    level: options.level ?? 'info',
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: {
      req: (request: FastifyRequest) => ({ method: request.method, url: safeUrl(request.url) }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
    hooks: { streamWrite: scrubTokenText },
    ...(options.stream === undefined ? {} : { stream: options.stream }),
  };
}
