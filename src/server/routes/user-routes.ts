import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccountsService } from '../../services/accounts/index.js';
import { authenticated, authOf } from '../auth/auth.js';
import { orThrow } from '../errors/api-error.js';
import { errorBodySchema } from '../errors/error-body.js';
import { idParams, userSchema } from './api-schemas.js';

export interface UserRoutesOptions {
  accounts: AccountsService;
}

const tags = ['users'];
const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};
const username = z.string().min(1).max(64);
const role = z.enum(['admin', 'user']);

const invitation = z
  .object({
    user: userSchema,
    code: z.string().describe('Shown once: pass it to the invitee, who sets a password with it.'),
    expiresAt: z.string().describe('ISO 8601'),
  })
  .meta({ id: 'Invitation' });

/**
 * Managing people (administrators): list, create with a password, invite (the invitee sets their
 * own password with a one-time code: session-routes.ts `POST /invites/redeem`), disable and enable,
 * and lift a sign-in lockout. The accounts service checks the `admin` scope again.
 */
export async function userRoutes(app: FastifyInstance, { accounts }: UserRoutesOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const admin = authenticated(accounts, 'admin');

  routes.get(
    '/users',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Every user (administrators).',
        response: { 200: z.object({ items: z.array(userSchema) }), ...errors },
      },
    },
    async (request) => ({ items: orThrow(await accounts.listUsers(authOf(request).principal)) }),
  );

  routes.post(
    '/users',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Create a user with a password (administrators).',
        body: z.object({
          username,
          password: z.string().min(1).max(1024),
          displayName: z.string().min(1).max(128).optional(),
          role: role.optional(),
        }),
        response: { 201: userSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(orThrow(await accounts.createUser(authOf(request).principal, request.body))),
  );

  routes.post(
    '/users/invite',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Invite a user: the account waits for the invitee to set a password with the code.',
        body: z.object({
          username,
          displayName: z.string().min(1).max(128).optional(),
          role: role.optional(),
        }),
        response: { 201: invitation, ...errors },
      },
    },
    async (request, reply) => {
      const invited = orThrow(await accounts.invite(authOf(request).principal, request.body));
      // The code is for the administrator to pass on, once; only its hash is stored.
      return reply
        .code(201)
        .send({ user: invited.user, code: invited.code.reveal(), expiresAt: invited.expiresAt });
    },
  );

  /** `POST /users/:id/<action>`: one switch of a user's state, answered with the user. */
  const userSwitch = (action: 'disable' | 'enable', summary: string, apply: AccountsService['enableUser']) =>
    routes.post(
      `/users/:id/${action}`,
      {
        onRequest: admin,
        schema: { tags, summary, params: idParams, response: { 200: userSchema, ...errors } },
      },
      async (request) => orThrow(await apply(authOf(request).principal, request.params.id)),
    );
  userSwitch(
    'disable',
    'Disable a user: ends their sessions; their API keys stop working (administrators).',
    (actor, id) => accounts.disableUser(actor, id),
  );
  userSwitch('enable', 'Enable a disabled user again (administrators).', (actor, id) =>
    accounts.enableUser(actor, id),
  );

  routes.post(
    '/users/unlock',
    {
      onRequest: admin,
      schema: {
        tags,
        summary:
          'Lift the sign-in lockout of a username after too many wrong passwords (administrators). A lockout of an address stays.',
        body: z.object({ username }),
        response: { 200: z.object({ username: z.string(), unlocked: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      orThrow(await accounts.clearLoginLockout(authOf(request).principal, request.body.username));
      return { username: request.body.username, unlocked: true as const };
    },
  );
}
