import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { headerValue } from './auth-header.js';
import type { Fault } from './faults.js';
import { type ForgeDialect, sendForgeReply } from './forge-reply.js';
import { maskAuthorization, maskSecret } from './mask.js';
import type { SandboxState } from './state.js';
import { API_PREFIXES } from './types.js';

/** Per-request bookkeeping for the request log. */
interface RequestMeta {
  startedAt: number;
  sandboxTimeMs: number;
  path: string;
  fault: string | null;
  logged: boolean;
}

/** Requests a `timeout` fault is holding; dropped on reset and on close. */
export class HeldRequests {
  readonly #held = new Map<FastifyRequest, NodeJS.Timeout | null>();

  hold(request: FastifyRequest, ms: number | undefined): void {
    const timer = ms === undefined ? null : setTimeout(() => this.release(request), ms);
    this.#held.set(request, timer);
    request.raw.socket.once('close', () => this.#forget(request));
  }

  release(request: FastifyRequest): void {
    this.#forget(request);
    request.raw.socket.destroy();
  }

  releaseAll(): void {
    for (const request of [...this.#held.keys()]) this.release(request);
  }

  #forget(request: FastifyRequest): void {
    const timer = this.#held.get(request);
    if (timer) clearTimeout(timer);
    this.#held.delete(request);
  }
}

const HTML_PAGE = `<!DOCTYPE html>
<html><head><title>Network login required</title></head>
<body><h1>Sign in to continue</h1><p>This network requires you to sign in before you can reach the internet.</p>
<form method="post" action="/login"><input name="user"><input name="password" type="password"><button>Sign in</button></form>
</body></html>
`;

function credentialFor(request: FastifyRequest): string | null {
  const authorization = headerValue(request.headers.authorization);
  if (authorization) return maskAuthorization(authorization);
  const privateToken = headerValue(request.headers['private-token']);
  if (privateToken) return `PRIVATE-TOKEN ${maskSecret(privateToken)}`;
  const query = request.query;
  if (
    query &&
    typeof query === 'object' &&
    'private_token' in query &&
    typeof query.private_token === 'string'
  ) {
    return `private_token=${maskSecret(query.private_token)}`;
  }
  return null;
}

export interface ForgeScopeOptions {
  dialect: ForgeDialect;
  state: SandboxState;
  held: HeldRequests;
  /** Aborted when the sandbox closes, so latency timers do not keep it alive. */
  closing: AbortSignal;
}

/**
 * The shared front of every forge API: request log, latency, faults, bad JSON and 404s in the
 * forge's own dialect. Registered once per forge under its API prefix; the control API is outside it.
 */
export async function forgeScope(app: FastifyInstance, options: ForgeScopeOptions): Promise<void> {
  const { dialect, state, held, closing } = options;
  const prefixLength = API_PREFIXES[dialect.forge].length;
  const metas = new WeakMap<FastifyRequest, RequestMeta>();

  const log = (request: FastifyRequest, status: number | null) => {
    const meta = metas.get(request);
    if (!meta || meta.logged) return;
    meta.logged = true;
    state.log.add({
      time: new Date(meta.sandboxTimeMs).toISOString(),
      forge: dialect.forge,
      method: request.method,
      path: meta.path,
      status,
      durationMs: Math.round((performance.now() - meta.startedAt) * 10) / 10,
      authorization: credentialFor(request),
      fault: meta.fault,
    });
  };

  const answerWithFault = (request: FastifyRequest, reply: FastifyReply, fault: Fault, meta: RequestMeta) => {
    meta.fault = fault.type;
    switch (fault.type) {
      case 'reset':
        reply.hijack();
        log(request, null);
        request.raw.socket.destroy();
        return reply;
      case 'timeout':
        reply.hijack();
        log(request, null);
        held.hold(request, fault.ms);
        return reply;
      case 'html':
        return sendForgeReply(reply, {
          status: 200,
          body: HTML_PAGE,
          contentType: 'text/html; charset=utf-8',
        });
      case 'rate_limit':
        return sendForgeReply(reply, dialect.rateLimitReply(request, fault));
      default:
        return sendForgeReply(reply, dialect.errorReply(fault.status ?? 500));
    }
  };

  app.removeAllContentTypeParsers();
  // Forge clients send POSTs with no body; an empty JSON body is "no body", not an error.
  app.addContentTypeParser(['application/json', '*'], { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('bad json'), { statusCode: 400, sandboxBadJson: true }), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const queryAt = request.url.indexOf('?');
    const meta: RequestMeta = {
      startedAt: performance.now(),
      sandboxTimeMs: state.clock.nowMs(),
      path: request.url.slice(prefixLength, queryAt < 0 ? undefined : queryAt) || '/',
      fault: null,
      logged: false,
    };
    metas.set(request, meta);
    const decision = state.faults.decide(dialect.forge, meta.path);
    const waitMs = state.config.latencyMs + decision.delayMs;
    if (waitMs > 0) {
      try {
        await delay(waitMs, undefined, { signal: closing });
      } catch {
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      }
    }
    if (decision.answer) return answerWithFault(request, reply, decision.answer, meta);
  });

  app.addHook('onResponse', async (request, reply) => {
    log(request, reply.statusCode);
  });

  app.setNotFoundHandler((_request, reply) => sendForgeReply(reply, dialect.notFoundReply()));

  app.setErrorHandler((error: { statusCode?: number; sandboxBadJson?: boolean }, _request, reply) => {
    if (error.sandboxBadJson || error.statusCode === 400)
      return sendForgeReply(reply, dialect.badJsonReply());
    return sendForgeReply(reply, dialect.errorReply(error.statusCode ?? 500));
  });

  await dialect.register(app);
}
