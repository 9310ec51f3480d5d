import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Fault } from './faults.js';
import type { SandboxForge } from './types.js';

/** A forge answer, built as data so faults, routes and 404s share one way of sending it. */
export interface ForgeReply {
  status: number;
  /** An object is sent as JSON; a string as is (with `contentType`). null sends no body. */
  body: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}

export function sendForgeReply(reply: FastifyReply, answer: ForgeReply): FastifyReply {
  reply.code(answer.status);
  if (answer.headers) reply.headers(answer.headers);
  if (answer.contentType) reply.type(answer.contentType);
  if (answer.body === null) return reply.send();
  if (typeof answer.body === 'string') return reply.send(answer.body);
  return reply
    .type(answer.contentType ?? 'application/json; charset=utf-8')
    .send(JSON.stringify(answer.body));
}

/** What a forge module gives the shared forge scope (faults, 404s, bad JSON) and its own routes. */
export interface ForgeDialect {
  forge: SandboxForge;
  /** The forge's usual answer for an error status (a `status` fault). */
  errorReply(status: number): ForgeReply;
  /** What the forge answers when a limit is hit (a `rate_limit` fault). */
  rateLimitReply(request: FastifyRequest, fault: Fault): ForgeReply;
  notFoundReply(): ForgeReply;
  /** The body of a POST/PATCH that is not JSON. */
  badJsonReply(): ForgeReply;
  /** Registers the forge's own hooks and routes inside its scope (after faults and latency). */
  register(app: FastifyInstance): void | Promise<void>;
}
