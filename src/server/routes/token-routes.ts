import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CAPABILITIES } from '../../domain/capability.js';
import { fkError } from '../../domain/errors/error.js';
import { FORGES } from '../../domain/forge.js';
import { type AccountsService, auditActor } from '../../services/accounts/index.js';
import type { TokenView, Vault } from '../../services/vault/index.js';
import { authenticated, authOf } from '../auth/auth.js';
import { ApiError, orThrow } from '../errors/api-error.js';
import { errorBodySchema } from '../errors/error-body.js';
import {
  auditEventSchema,
  fkErrorSchema,
  idParams,
  reportSchema,
  revocationSchema,
  tokenSchema,
} from './api-schemas.js';
import type { RefreshJobs } from './refresh-jobs.js';

export interface TokenRoutesOptions {
  accounts: AccountsService;
  vault: Vault;
  jobs: RefreshJobs;
}

const tags = ['tokens'];
const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};
/** The token text: validated for shape only; the validation handler never repeats it. */
const tokenText = z.string().min(1).max(4096).describe('The token as pasted. Never returned.');
const capabilities = z.array(z.enum(CAPABILITIES)).max(CAPABILITIES.length).optional();

const added = z
  .object({ token: tokenSchema, created: z.boolean(), report: reportSchema, notice: z.string().nullable() })
  .meta({ id: 'AddedToken' });
const checked = z
  .object({ token: tokenSchema, report: reportSchema.nullable(), error: fkErrorSchema.nullable() })
  .meta({ id: 'CheckedToken' });
const counts = {
  forge: z.enum(FORGES),
  total: z.number(),
  checked: z.number(),
  stale: z.number(),
  rateLimited: z.number(),
  cancelled: z.number(),
  gaveUp: z.boolean(),
};
const jobSchema = z
  .object({
    id: z.string(),
    done: z.number(),
    total: z.number(),
    byHost: z.record(
      z.string(),
      z.object({
        ...counts,
        done: z.number(),
        inFlight: z.number(),
        paused: z.boolean(),
        resumesAt: z.string().nullable(),
      }),
    ),
    finished: z.boolean(),
    summary: z
      .object({
        total: z.number(),
        checked: z.number(),
        stale: z.array(z.string()),
        rateLimited: z.array(z.string()),
        cancelled: z.array(z.string()),
        aborted: z.boolean(),
        durationMs: z.number(),
        byHost: z.record(z.string(), z.object({ ...counts, pausedMs: z.number() })),
      })
      .nullable(),
    error: fkErrorSchema.nullable(),
  })
  .meta({ id: 'RefreshJob' });

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The bodies of `GET /tokens`, kept per list of views: the vault hands out the same frozen array
 * while nothing in it changed (services/vault/view-list-memo.ts), so its body is serialized once —
 * with the route's own serializer, as Fastify would — and its bytes are sent as they are until the
 * list changes.
 */
class SerializedLists {
  readonly #bodies = new WeakMap<readonly TokenView[], Buffer>();

  /** Sends the list's body: its bytes as kept, or serialized now and kept. */
  send(reply: FastifyReply, items: readonly TokenView[]): FastifyReply {
    let body = this.#bodies.get(items);
    if (body === undefined) {
      const serialize = reply.getSerializationFunction('200');
      if (serialize === undefined) throw new Error('GET /tokens has no serializer for 200');
      body = Buffer.from(serialize({ items }));
      this.#bodies.set(items, body);
    }
    return reply.type(JSON_TYPE).send(body);
  }
}

/**
 * The token lifecycle over HTTP (docs/vault.md). The owner is always the caller's: another owner's
 * token id answers `not_found` like an unknown one. Reading needs `tokens:read`; anything that
 * stores a secret or calls a forge with one needs `tokens:use`.
 */
export async function tokenRoutes(app: FastifyInstance, options: TokenRoutesOptions): Promise<void> {
  const { accounts, vault, jobs } = options;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const listBodies = new SerializedLists();
  const read = authenticated(accounts, 'tokens:read');
  const use = authenticated(accounts, 'tokens:use');
  const caller = (request: Parameters<typeof authOf>[0]) => {
    const { principal } = authOf(request);
    return { ownerId: principal.ownerId, actor: auditActor(principal) };
  };

  routes.get(
    '/tokens',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'List your tokens.',
        querystring: z.object({ forge: z.enum(FORGES).optional(), host: z.string().max(512).optional() }),
        response: { 200: z.object({ items: z.array(tokenSchema) }), ...errors },
      },
    },
    async (request, reply) => {
      const items = orThrow(await vault.list(caller(request).ownerId, request.query));
      return listBodies.send(reply as FastifyReply, items);
    },
  );

  routes.post(
    '/tokens',
    {
      onRequest: use,
      schema: {
        tags,
        summary: 'Save a token: checked offline, inspected at the forge, stored encrypted.',
        body: z.object({
          forge: z.enum(FORGES),
          token: tokenText,
          apiUrl: z.url().max(512).optional(),
          label: z.string().min(1).max(64).optional(),
          email: z.email().max(254).optional(),
          makeDefault: z.boolean().optional(),
          require: capabilities,
        }),
        response: { 200: added, 201: added, ...errors },
      },
    },
    async (request, reply) => {
      const { token, ...rest } = request.body;
      const result = orThrow(await vault.add({ ...rest, ...caller(request), raw: token }));
      const { record, ...others } = result;
      return reply.code(result.created ? 201 : 200).send({ token: record, ...others });
    },
  );

  routes.post(
    '/tokens/refresh',
    {
      onRequest: use,
      schema: {
        tags,
        summary: 'Refresh All: re-check every token in the background; poll the job.',
        response: { 202: jobSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { ownerId, actor } = caller(request);
      return reply.code(202).send(jobView(jobs.start(ownerId, actor)));
    },
  );

  routes.get(
    '/tokens/refresh/:jobId',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'The progress of a Refresh All job started by this process.',
        params: z.object({ jobId: z.string().min(1).max(64) }),
        response: { 200: jobSchema, ...errors },
      },
    },
    async (request) => {
      const job = jobs.get(caller(request).ownerId, request.params.jobId);
      if (job === null)
        throw new ApiError(fkError('not_found', { message: 'There is no such refresh job.' }));
      return jobView(job);
    },
  );

  routes.get(
    '/tokens/:id',
    {
      onRequest: read,
      schema: { tags, summary: 'One token.', params: idParams, response: { 200: tokenSchema, ...errors } },
    },
    async (request) => orThrow(await vault.show(caller(request).ownerId, request.params.id)),
  );

  routes.post(
    '/tokens/:id/check',
    {
      onRequest: use,
      schema: {
        tags,
        summary: 'Re-inspect a token at its forge.',
        description:
          'With `require`, the report marks the scopes missing for those capabilities, as when saving.',
        params: idParams,
        body: z.object({ require: capabilities }).nullish(),
        response: { 200: checked, ...errors },
      },
    },
    async (request) => {
      const require = request.body?.require;
      const input = { ...caller(request), id: request.params.id };
      const { record, ...rest } = orThrow(
        await vault.check(require === undefined ? input : { ...input, require }),
      );
      return { token: record, ...rest };
    },
  );

  routes.post(
    '/tokens/:id/default',
    {
      onRequest: use,
      schema: {
        tags,
        summary: 'Make it the default for its forge and host.',
        params: idParams,
        response: { 200: tokenSchema, ...errors },
      },
    },
    async (request) => {
      const { ownerId, actor } = caller(request);
      return orThrow(await vault.setDefault(ownerId, request.params.id, actor));
    },
  );

  routes.patch(
    '/tokens/:id',
    {
      onRequest: use,
      schema: {
        tags,
        summary: 'Change the label (null removes it).',
        params: idParams,
        body: z.object({ label: z.string().min(1).max(64).nullable() }),
        response: { 200: tokenSchema, ...errors },
      },
    },
    async (request) => {
      const { ownerId, actor } = caller(request);
      return orThrow(await vault.setLabel(ownerId, request.params.id, request.body.label, actor));
    },
  );

  routes.delete(
    '/tokens/:id',
    {
      onRequest: use,
      schema: {
        tags,
        summary: 'Delete a token; with revoke=true, revoke it at the forge first where it can be.',
        params: idParams,
        querystring: z.object({ revoke: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ token: tokenSchema, revocation: revocationSchema }), ...errors },
      },
    },
    async (request) => {
      const revoke = request.query.revoke === 'true';
      const { record, revocation } = orThrow(
        await vault.remove({ ...caller(request), id: request.params.id, revoke }),
      );
      return { token: record, revocation };
    },
  );

  routes.post(
    '/tokens/:id/rotate',
    {
      onRequest: use,
      schema: {
        tags,
        summary: 'Rotate: GitLab through its API, or replace with a new token you created.',
        params: idParams,
        body: z.object({
          token: tokenText.optional(),
          email: z.email().max(254).optional(),
          revokeOld: z.boolean().optional(),
          expiresAt: z.iso.date().optional(),
        }),
        response: {
          200: z.object({
            token: tokenSchema,
            method: z.enum(['forge', 'supplied']),
            report: reportSchema.nullable(),
            oldToken: revocationSchema,
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { token, ...rest } = request.body;
      const input = { ...rest, ...caller(request), id: request.params.id };
      const { record, ...others } = orThrow(
        await vault.rotate(token === undefined ? input : { ...input, newRaw: token }),
      );
      return { token: record, ...others };
    },
  );

  routes.get(
    '/audit',
    {
      onRequest: read,
      schema: {
        tags,
        summary: 'Your audit log, newest first, a page at a time.',
        querystring: z.object({
          tokenId: z.string().min(1).max(64).optional(),
          action: z.string().min(1).max(64).optional(),
          outcome: z.enum(['ok', 'error']).optional(),
          since: z.iso.datetime({ offset: true }).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          cursor: z.string().min(1).max(512).optional(),
        }),
        response: {
          200: z.object({ items: z.array(auditEventSchema), nextCursor: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => orThrow(await vault.audit(caller(request).ownerId, request.query)),
  );
}

function jobView(job: ReturnType<RefreshJobs['start']>) {
  const { ownerId: _owner, ...rest } = job;
  return rest;
}
