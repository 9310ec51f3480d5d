import { z } from 'zod';
import { FAULT_TYPES } from './faults.js';
import { SANDBOX_FORGES } from './types.js';

/**
 * Bodies of the control API, validated with zod. Objects are strict so a typo (`scope` for
 * `scopes`) is a 400 with the key named, not a silently different token.
 */

/** An instant (`2027-01-01T00:00:00Z`, offsets allowed) or a UTC date (`2027-01-01` = 00:00 UTC). */
export const instantSchema = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

const stateSchema = z.enum(['active', 'expired', 'revoked']);
const loginSchema = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,38})$/, 'a login: letters, digits, ".", "_" or "-", at most 39');

const common = {
  login: loginSchema,
  /** The account's email; Bitbucket API tokens authenticate with it. */
  email: z.email().optional(),
  /** The account's display name (defaults to the login, capitalised). */
  displayName: z.string().min(1).max(255).optional(),
  state: stateSchema.default('active'),
  /** Omitted: the forge's default lifetime for that kind; null: never expires. */
  expiresAt: instantSchema.nullable().optional(),
  lastUsedAt: instantSchema.nullable().optional(),
  /** Token name (GitLab `name`; a note elsewhere). */
  name: z.string().min(1).max(255).optional(),
};

const scopes = z.array(z.string().min(1)).max(100);

export const createTokenSchema = z.discriminatedUnion('kind', [
  z
    .object({ forge: z.literal('github'), kind: z.literal('classic'), scopes: scopes.default([]), ...common })
    .strict(),
  z
    .object({
      forge: z.literal('github'),
      kind: z.literal('fine-grained'),
      /** e.g. `{ "contents": "write", "pull_requests": "write" }`; fine-grained tokens have no scopes. */
      permissions: z.record(z.string().min(1), z.enum(['read', 'write', 'admin'])).default({}),
      ...common,
    })
    .strict(),
  z
    .object({
      forge: z.literal('gitlab'),
      kind: z.literal('personal'),
      // GitLab cannot create a token without scopes; when none are given, `api` (the common choice).
      scopes: scopes.min(1, 'GitLab tokens need at least one scope').default(['api']),
      description: z.string().max(255).nullable().optional(),
      format: z.enum(['routable', 'routable-unversioned', 'legacy']).default('routable'),
      ...common,
    })
    .strict(),
  z
    .object({
      forge: z.literal('bitbucket'),
      kind: z.literal('api_token'),
      scopes: scopes.default([]),
      ...common,
      email: z.email('api_token needs the Atlassian account email (Basic email:token)'),
    })
    .strict(),
  z
    .object({
      forge: z.literal('bitbucket'),
      kind: z.literal('access_token'),
      scopes: scopes.default([]),
      credentialType: z
        .enum(['repo_access_token', 'project_access_token', 'workspace_access_token'])
        .default('repo_access_token'),
      ...common,
    })
    .strict(),
  z
    .object({
      forge: z.literal('bitbucket'),
      kind: z.literal('app_password'),
      scopes: scopes.default([]),
      ...common,
    })
    .strict(),
]);

export type CreateTokenInput = z.input<typeof createTokenSchema>;
export type CreateTokenRequest = z.infer<typeof createTokenSchema>;

export const updateTokenSchema = z
  .object({
    state: stateSchema.optional(),
    scopes: scopes.optional(),
    permissions: z.record(z.string().min(1), z.enum(['read', 'write', 'admin'])).optional(),
    expiresAt: instantSchema.nullable().optional(),
    lastUsedAt: instantSchema.nullable().optional(),
    name: z.string().min(1).max(255).optional(),
    description: z.string().max(255).nullable().optional(),
  })
  .strict();

export type UpdateTokenInput = z.input<typeof updateTokenSchema>;

export const faultSchema = z
  .object({
    forge: z.enum([...SANDBOX_FORGES, '*']),
    path: z.string().startsWith('/', 'a path after the API base, starting with "/"').optional(),
    type: z.enum(FAULT_TYPES),
    ms: z.number().int().min(0).max(600_000).optional(),
    status: z.number().int().min(100).max(599).optional(),
    variant: z.enum(['primary', 'secondary']).optional(),
    count: z.number().int().min(1).optional(),
    probability: z.number().min(0).max(1).optional(),
  })
  .strict()
  .superRefine((fault, ctx) => {
    if (fault.type === 'latency' && fault.ms === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ms'], message: 'latency faults need "ms"' });
    }
    if (fault.type === 'status' && fault.status === undefined) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'status faults need "status", e.g. 502' });
    }
    if (fault.type === 'rate_limit' && fault.status !== undefined && ![403, 429].includes(fault.status)) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'rate_limit status is 403 or 429' });
    }
  });

export type FaultInput = z.input<typeof faultSchema>;

export const clockSchema = z.union([
  z.object({ set: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ advanceMs: z.number().int() }).strict(),
]);

export type ClockInput = z.input<typeof clockSchema>;

export const requestsQuerySchema = z
  .object({
    forge: z.enum(SANDBOX_FORGES).optional(),
    limit: z.coerce.number().int().min(0).optional(),
  })
  .strict();

/** `2027-01-01` → that day at 00:00 UTC; an instant as given. */
export function parseInstant(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
}

/** A repository owner: a login, or (GitLab) a group path with `/` between segments. */
const ownerSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9._-]*)(?:\/[A-Za-z0-9](?:[A-Za-z0-9._-]*))*$/,
    'an owner: a login or group/subgroup path',
  )
  .max(255);
const repoNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'a repository name: letters, digits, ".", "_" or "-", at most 100')
  .refine(
    (name) => !name.toLowerCase().endsWith('.git') && name !== '.' && name !== '..',
    'not ".", ".." or ending in ".git"',
  );
const branchSchema = z.string().min(1).max(255);

export const createRepoSchema = z
  .object({
    forge: z.enum(SANDBOX_FORGES),
    /** The account creating it: a collaborator from the start; its account is made if needed. */
    creator: loginSchema,
    /** Default: the creator. */
    owner: ownerSchema.optional(),
    name: repoNameSchema,
    /** Default: `user` when the owner is the creator, else `org`. */
    ownerKind: z.enum(['user', 'org']).optional(),
    private: z.boolean().default(false),
    description: z.string().max(2_000).default(''),
    defaultBranch: branchSchema.default('main'),
    /** Make an initial commit with a README.md. */
    initialize: z.boolean().default(true),
    /** Bitbucket project key. */
    projectKey: z.string().min(1).max(64).nullable().optional(),
  })
  .strict();

export type CreateRepoControlInput = z.input<typeof createRepoSchema>;

export const reposQuerySchema = z.object({ forge: z.enum(SANDBOX_FORGES).optional() }).strict();

export const protectBranchSchema = z.object({ branch: branchSchema }).strict();

export const collaboratorSchema = z.object({ login: loginSchema }).strict();

export const deliveriesQuerySchema = z
  .object({
    forge: z.enum(SANDBOX_FORGES).optional(),
    limit: z.coerce.number().int().min(0).optional(),
  })
  .strict();
