import { z } from 'zod';

/*
 * The parts of GitLab responses the adapter reads (forges.md §2.3, §2.4). Loose objects: "newer
 * versions may add more fields; keep parsing tolerant".
 */

/** `GET /personal_access_tokens/self`. `expires_at` is a date (`YYYY-MM-DD`) or null. */
export const gitLabSelfTokenSchema = z.looseObject({
  id: z.number(),
  name: z.string().nullish(),
  revoked: z.boolean().optional(),
  active: z.boolean().optional(),
  scopes: z.array(z.string()),
  user_id: z.number(),
  last_used_at: z.string().nullish(),
  expires_at: z.string().nullish(),
});

/** `GET /user`. */
export const gitLabUserSchema = z.looseObject({
  id: z.number(),
  username: z.string(),
  name: z.string().nullish(),
});

/**
 * Error bodies: `{"message": "401 Unauthorized"}`, `{"message": {"field": [...]}}`,
 * `{"error": "invalid_token", "error_description": "Token is expired…"}`,
 * `{"error": "insufficient_scope", …, "scope": "api"}` — `scope` may be a string or a list (UNCERTAIN, §2.4).
 */
export const gitLabErrorSchema = z.looseObject({
  message: z.unknown().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  scope: z.union([z.string(), z.array(z.string())]).optional(),
});

export type GitLabErrorBody = z.output<typeof gitLabErrorSchema>;

export function gitLabErrorOf(json: unknown): GitLabErrorBody | undefined {
  const parsed = gitLabErrorSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** The most telling text of an error body: `error_description`, else `message` (stringified if an object). */
export function gitLabMessageOf(body: GitLabErrorBody | undefined): string | undefined {
  if (body === undefined) return undefined;
  if (body.error_description !== undefined) return body.error_description;
  if (typeof body.message === 'string') return body.message;
  return body.message === undefined ? undefined : JSON.stringify(body.message);
}

/**
 * `POST /personal_access_tokens/self/rotate` → 200: the new token's `/self` shape plus its `token`
 * (forges.md §2.6). Only `token` is required: by the time this answer arrives GitLab has revoked the
 * old token, so an odd field elsewhere must not cost the user the new one. An unreadable
 * `expires_at` reads as unknown (null). The value is wrapped in a `Secret` at once and never logged.
 */
export const gitLabRotatedTokenSchema = z.looseObject({
  token: z.string().min(1),
  expires_at: z.string().nullish().catch(null),
});
