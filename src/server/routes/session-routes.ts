import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FkError } from '../../domain/errors/error.js';
import type { Result } from '../../domain/result.js';
import type { AccountsService } from '../../services/accounts/index.js';
import { authenticated, authOf, sessionOf, sessionTokenOf } from '../auth/auth.js';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.js';
import { ApiError, orThrow } from '../errors/api-error.js';
import { errorBodySchema } from '../errors/error-body.js';
import { scopeSchema, userSchema } from './api-schemas.js';

export interface SessionRoutesOptions {
  accounts: AccountsService;
}

const signedIn = z
  .object({
    user: userSchema,
    csrfToken: z.string().describe('Send it back as X-CSRF-Token on every write made with the cookie.'),
  })
  .meta({ id: 'SignedIn' });

const credentials = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

const meSchema = z
  .object({
    userId: z.string(),
    ownerId: z.string(),
    username: z.string(),
    role: z.enum(['admin', 'user']),
    via: z.enum(['session', 'api_key']),
    scopes: z.array(scopeSchema),
    csrfToken: z.string().nullable().describe('The session’s CSRF token; null for an API key.'),
  })
  .meta({ id: 'Me' });

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 429: errorBodySchema };
const tags = ['session'];

/**
 * First-run setup and browser sessions (docs/accounts.md). Setup and login are the only writes
 * without a session; both answer with the cookie and the CSRF token, so the page is signed in.
 */
export async function sessionRoutes(app: FastifyInstance, { accounts }: SessionRoutesOptions): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const anyone = authenticated(accounts, null);
  const signOut = authenticated(accounts, null, { session: { what: 'Signing out' } });
  const passwordChange = authenticated(accounts, null, { session: { what: 'Changing the password' } });

  routes.get(
    '/setup',
    {
      schema: {
        tags,
        summary: 'Whether the first administrator still has to be created.',
        response: { 200: z.object({ state: z.enum(['needs_setup', 'ready']) }) },
      },
    },
    async () => ({ state: orThrow(await accounts.setupState()) }),
  );

  routes.post(
    '/setup',
    {
      schema: {
        tags,
        summary: 'Create the first administrator with the setup code from the server log, and sign in.',
        body: credentials.extend({
          code: z.string().min(1).max(128),
          displayName: z.string().min(1).max(128).optional(),
        }),
        response: { 201: signedIn, ...errors, 409: errorBodySchema },
      },
    },
    async (request, reply) => {
      orThrow(await accounts.completeSetup(request.body));
      const { username, password } = request.body;
      const login = await loginOrThrow(reply, await accounts.login({ username, password, ip: request.ip }));
      setSessionCookie(request, reply, login);
      return reply.code(201).send({ user: login.user, csrfToken: login.csrfToken });
    },
  );

  routes.post(
    '/session',
    {
      schema: {
        tags,
        summary: 'Sign in: sets the session cookie and returns the CSRF token.',
        body: credentials,
        response: { 200: signedIn, ...errors },
      },
    },
    async (request, reply) => {
      const login = await loginOrThrow(reply, await accounts.login({ ...request.body, ip: request.ip }));
      setSessionCookie(request, reply, login);
      return { user: login.user, csrfToken: login.csrfToken };
    },
  );

  routes.post(
    '/invites/redeem',
    {
      schema: {
        tags,
        summary:
          'Accept an invitation: set your password with the code an administrator gave you, and sign in.',
        body: z.object({ code: z.string().min(1).max(128), password: z.string().min(1).max(1024) }),
        response: { 201: signedIn, ...errors, 404: errorBodySchema },
      },
    },
    async (request, reply) => {
      const user = orThrow(await accounts.redeemInvite(request.body));
      const { password } = request.body;
      const login = await loginOrThrow(
        reply,
        await accounts.login({ username: user.username, password, ip: request.ip }),
      );
      setSessionCookie(request, reply, login);
      return reply.code(201).send({ user: login.user, csrfToken: login.csrfToken });
    },
  );

  routes.delete(
    '/session',
    {
      onRequest: signOut,
      schema: { tags, summary: 'Sign out.', response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      sessionOf(request, 'Signing out');
      const token = sessionTokenOf(request);
      if (token !== null) orThrow(await accounts.logout(token));
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  routes.get(
    '/me',
    {
      onRequest: anyone,
      schema: {
        tags,
        summary: 'Who is signed in, and the CSRF token for a reloaded page.',
        response: { 200: meSchema, ...errors },
      },
    },
    async (request) => {
      const { principal, session } = authOf(request);
      return {
        userId: principal.userId,
        ownerId: principal.ownerId,
        username: principal.username,
        role: principal.role,
        via: principal.via,
        scopes: [...principal.scopes],
        csrfToken: session?.csrfToken ?? null,
      };
    },
  );

  routes.post(
    '/me/password',
    {
      onRequest: passwordChange,
      schema: {
        tags,
        summary: 'Change the password; ends every other session.',
        body: z.object({
          currentPassword: z.string().min(1).max(1024),
          newPassword: z.string().min(1).max(1024),
        }),
        response: { 200: z.object({ revokedSessions: z.number() }), ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request, 'Changing the password');
      // Wrong current passwords count towards the lockout, so they can answer login_locked too.
      return await loginOrThrow(reply, await accounts.changePassword(session, request.body));
    },
  );
}

/**
 * The value, or the error; a lockout also tells the client when to come back (Retry-After, whole
 * seconds), since 429 without it invites a retry loop.
 */
async function loginOrThrow<T>(reply: FastifyReply, result: Result<T, FkError>): Promise<T> {
  if (result.ok) return result.value;
  const retryAt = result.error.details?.retryAt;
  if (result.error.code === 'login_locked' && typeof retryAt === 'string') {
    const seconds = Math.max(1, Math.ceil((Date.parse(retryAt) - Date.now()) / 1000));
    reply.header('Retry-After', String(seconds));
  }
  throw new ApiError(result.error);
}
