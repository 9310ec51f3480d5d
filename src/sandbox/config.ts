import { z } from 'zod';

/**
 * Knobs for behaviour forges.md marks UNCERTAIN (DESIGN.md: "make the behaviour configurable in the
 * sandbox") and for limits tests may want to shrink. `POST {control}/config` merges a partial update;
 * `POST {control}/reset` restores these defaults.
 */
const githubConfig = z
  .object({
    /** Primary limit per user across all of that user's tokens (forges.md §1.7). */
    rateLimitPerHour: z.number().int().positive(),
    /** Per client IP for unauthenticated and bad-credential requests (forges.md §1.7: 60/h). */
    unauthenticatedRateLimitPerHour: z.number().int().positive(),
    /** GitHub answers an exhausted primary limit with 403 or 429 (forges.md §1.4). */
    rateLimitStatus: z.union([z.literal(403), z.literal(429)]),
    /** Secondary-limit text is UNCERTAIN (forges.md §8.6). */
    secondaryRateLimitMessage: z.string().min(1),
    /** Tokens unused this long stop working (forges.md §1.6); null turns it off. */
    revokeUnusedAfterDays: z.number().int().positive().nullable(),
    /**
     * `POST /credentials/revoke` (forges.md §1.6, §1.10): github.com wants it unauthenticated (an
     * authenticated call gets 403); GHES 3.19 documents it authenticated.
     */
    credentialRevocationAuth: z.enum(['unauthenticated', 'authenticated']),
    /** GHES-style authenticated revocation budget per user (forges.md §1.10: 60/h). */
    authenticatedCredentialRevocationPerHour: z.number().int().positive(),
  })
  .strict();

const gitlabConfig = z
  .object({
    /** 401 body for unknown PATs is UNCERTAIN (forges.md §2.4, §8.6). */
    unknownTokenBody: z.enum(['401-unauthorized', 'bad-access-token']),
    /** Which scopes may call `GET/DELETE /personal_access_tokens/self` (UNCERTAIN, forges.md §2.3). */
    selfScopes: z.union([z.literal('any'), z.array(z.string().min(1)).min(1)]),
    /** `scope` in insufficient_scope bodies: space-joined string or list (UNCERTAIN, forges.md §2.4). */
    insufficientScopeFormat: z.enum(['string', 'array']),
    /** gitlab.com authenticated API throttle per user (forges.md §2.7). */
    rateLimitPerMinute: z.number().int().positive(),
    /** gitlab.com unauthenticated API throttle per IP (forges.md §2.7). */
    unauthenticatedRateLimitPerMinute: z.number().int().positive(),
    /** The 429 body; self-managed admins can change it (forges.md §2.4). */
    throttledBody: z.string(),
    /** `last_used_at` is refreshed about every 10 minutes (forges.md §2.3). */
    lastUsedRefreshMinutes: z.number().int().min(0),
    /** Rotation without `expires_at`: one week where expiry is mandatory (gitlab.com, forges.md §2.6). */
    rotateDefaultExpiryDays: z.number().int().positive(),
    /** Longest lifetime a PAT may be given on rotation (forges.md §2.6: 365 days). */
    maxLifetimeDays: z.number().int().positive(),
  })
  .strict();

const bitbucketConfig = z
  .object({
    /** `/2.0/repositories/*` budget per user, rolling hour (forges.md §3.7). */
    repositoriesRateLimitPerHour: z.number().int().positive(),
    /** `/2.0/user` has no documented budget (forges.md §3.7 lists none); null = not limited. */
    userRateLimitPerHour: z.number().int().positive().nullable(),
    /** App passwords stop working on this UTC date (forges.md §3.3). */
    appPasswordRemovalDate: z.iso.date(),
    /** The 2026-06-09 → 2026-07-27 brownout windows (forges.md §3.3). */
    appPasswordBrownouts: z.boolean(),
    /** `x-credential-type` for app passwords is not established (forges.md §3.4); null = not sent. */
    appPasswordCredentialType: z.string().min(1).nullable(),
  })
  .strict();

export const sandboxConfigSchema = z
  .object({
    /** Added to every forge API request (not to the control API). */
    latencyMs: z.number().int().min(0).max(600_000),
    /** Request-log entries kept (oldest dropped first). */
    requestLogLimit: z.number().int().min(0).max(1_000_000),
    github: githubConfig,
    gitlab: gitlabConfig,
    bitbucket: bitbucketConfig,
  })
  .strict();

export type SandboxConfig = z.infer<typeof sandboxConfigSchema>;

export const configUpdateSchema = z
  .object({
    latencyMs: sandboxConfigSchema.shape.latencyMs.optional(),
    requestLogLimit: sandboxConfigSchema.shape.requestLogLimit.optional(),
    github: githubConfig.partial().strict().optional(),
    gitlab: gitlabConfig.partial().strict().optional(),
    bitbucket: bitbucketConfig.partial().strict().optional(),
  })
  .strict();

export type SandboxConfigUpdate = z.input<typeof configUpdateSchema>;

export function defaultConfig(latencyMs = 0): SandboxConfig {
  return {
    latencyMs,
    requestLogLimit: 10_000,
    github: {
      rateLimitPerHour: 5_000,
      unauthenticatedRateLimitPerHour: 60,
      rateLimitStatus: 403,
      secondaryRateLimitMessage:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      revokeUnusedAfterDays: 365,
      credentialRevocationAuth: 'unauthenticated',
      authenticatedCredentialRevocationPerHour: 60,
    },
    gitlab: {
      unknownTokenBody: '401-unauthorized',
      selfScopes: 'any',
      insufficientScopeFormat: 'string',
      rateLimitPerMinute: 2_000,
      unauthenticatedRateLimitPerMinute: 500,
      throttledBody: 'Retry later\n',
      lastUsedRefreshMinutes: 10,
      rotateDefaultExpiryDays: 7,
      maxLifetimeDays: 365,
    },
    bitbucket: {
      repositoriesRateLimitPerHour: 1_000,
      userRateLimitPerHour: null,
      appPasswordRemovalDate: '2026-07-28',
      appPasswordBrownouts: true,
      appPasswordCredentialType: null,
    },
  };
}

export function mergeConfig(
  current: SandboxConfig,
  update: z.infer<typeof configUpdateSchema>,
): SandboxConfig {
  return {
    latencyMs: update.latencyMs ?? current.latencyMs,
    requestLogLimit: update.requestLogLimit ?? current.requestLogLimit,
    github: { ...current.github, ...update.github },
    gitlab: { ...current.gitlab, ...update.gitlab },
    bitbucket: { ...current.bitbucket, ...update.bitbucket },
  };
}
