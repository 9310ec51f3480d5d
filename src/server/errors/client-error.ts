import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { fkError } from '../../domain/errors/error.js';
import { errorBody } from './error-body.js';

/**
 * Requests Node cannot parse as HTTP (bad framing, oversized headers) never reach a route; this
 * answers them with the one error body too, instead of Fastify's own shape. No request exists, so the
 * request id is fresh and nothing of the input is repeated.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify(
    errorBody(
      fkError('invalid_input', {
        message: status === 431 ? 'The request headers are too large.' : 'The request is not valid HTTP.',
      }),
      randomUUID(),
    ),
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
