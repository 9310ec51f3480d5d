import type { FastifyInstance } from 'fastify';
import { type ControlApi, SandboxControlError } from './control.js';
import type { SandboxState } from './state.js';

const ERROR_CODES = { 400: 'bad_request', 404: 'not_found', 409: 'conflict' } as const;

/** Reads `{"set": …}` or `{"advanceMs": …}`; anything else is left to the control's validation. */
function clockBody(body: unknown): { set: string } | { advanceMs: number } | null {
  if (!body || typeof body !== 'object') return null;
  if ('set' in body && typeof body.set === 'string' && !('advanceMs' in body)) return { set: body.set };
  if ('advanceMs' in body && typeof body.advanceMs === 'number' && !('set' in body)) {
    return { advanceMs: body.advanceMs };
  }
  return null;
}

/**
 * The control API over HTTP (docs/sandbox.md): thin routes over `SandboxControl`, JSON in and out.
 * Faults and latency never apply here.
 */
export async function controlRoutes(
  app: FastifyInstance,
  options: { control: ControlApi; state: SandboxState },
): Promise<void> {
  const { control, state } = options;

  // `curl -X POST …/reset -H 'content-type: application/json'` has no body: that is "no body", not an error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(
        Object.assign(error instanceof Error ? error : new Error(String(error)), { statusCode: 400 }),
        undefined,
      );
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    if (error instanceof SandboxControlError) {
      return reply.code(error.status).send({ error: ERROR_CODES[error.status], message: error.message });
    }
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    return reply
      .code(status)
      .send({ error: status === 500 ? 'internal' : 'bad_request', message: error.message });
  });

  app.get('/', async () => ({ urls: state.requireUrls() }));

  app.post('/tokens', async (request, reply) =>
    reply.code(201).send(await control.createToken(request.body)),
  );
  app.get('/tokens', async () => control.listTokens());
  app.get<{ Params: { id: string } }>('/tokens/:id', async (request) => control.getToken(request.params.id));
  app.patch<{ Params: { id: string } }>('/tokens/:id', async (request) =>
    control.updateToken(request.params.id, request.body),
  );

  app.get('/accounts', async () => control.listAccounts());

  app.post('/faults', async (request, reply) => reply.code(201).send(await control.addFault(request.body)));
  app.get('/faults', async () => control.listFaults());
  app.delete('/faults', async (_request, reply) => {
    await control.clearFaults();
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string } }>('/faults/:id', async (request, reply) => {
    await control.removeFault(request.params.id);
    return reply.code(204).send();
  });

  app.post('/reset', async (_request, reply) => {
    await control.reset();
    return reply.code(204).send();
  });

  app.get('/clock', async () => control.getClock());
  app.post('/clock', async (request) => {
    const body = clockBody(request.body);
    if (body === null) {
      throw new SandboxControlError(
        400,
        'invalid clock: send {"set": "<ISO 8601>"} or {"advanceMs": <integer>}',
      );
    }
    return 'set' in body ? control.setClock(body.set) : control.advanceClock(body.advanceMs);
  });

  app.get('/requests', async (request) => control.requests(request.query));
  app.delete('/requests', async (_request, reply) => {
    await control.clearRequests();
    return reply.code(204).send();
  });

  app.post('/repos', async (request, reply) => reply.code(201).send(await control.createRepo(request.body)));
  app.get('/repos', async (request) => control.listRepos(request.query));
  app.post<{ Params: { forge: string; id: string } }>('/repos/:forge/:id/protect', async (request) =>
    control.protectBranch(request.params.forge, request.params.id, request.body),
  );
  app.post<{ Params: { forge: string; id: string } }>('/repos/:forge/:id/collaborators', async (request) =>
    control.addCollaborator(request.params.forge, request.params.id, request.body),
  );
  app.get('/deliveries', async (request) => control.listDeliveries(request.query));

  app.get('/config', async () => control.getConfig());
  app.post('/config', async (request) => control.setConfig(request.body));
}
