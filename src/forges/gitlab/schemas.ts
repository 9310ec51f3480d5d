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

/*
 * Repository operations (forges.md §2.8). Only what `RepoClient` reads; loose objects throughout.
 */

/** A project in `GET /projects?simple=true`, `GET /projects/:id`, `POST /projects`. */
export const gitLabProjectSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  path: z.string(),
  path_with_namespace: z.string(),
  description: z.string().nullish(),
  /** null for a project GitLab has no default branch for yet. */
  default_branch: z.string().nullish(),
  web_url: z.string(),
  http_url_to_repo: z.string().optional(),
  /** Present in every current GitLab; absent (older `simple` lists) reads as private, the safe side. */
  visibility: z.string().optional(),
  namespace: z.looseObject({ full_path: z.string() }).optional(),
});

export type GitLabProject = z.output<typeof gitLabProjectSchema>;

export const gitLabProjectListSchema = z.array(gitLabProjectSchema);

/** `GET /namespaces/:id`: the id `POST /projects` wants as `namespace_id`. */
export const gitLabNamespaceSchema = z.looseObject({
  id: z.number(),
  kind: z.string().optional(),
  full_path: z.string(),
});

/** `GET /projects/:id/repository/branches` entries and `GET …/branches/:branch`. */
export const gitLabBranchSchema = z.looseObject({
  name: z.string(),
  commit: z.looseObject({ id: z.string() }),
  protected: z.boolean().optional(),
  default: z.boolean().optional(),
});

export const gitLabBranchListSchema = z.array(gitLabBranchSchema);

/** `GET /projects/:id/repository/tree` entries. */
export const gitLabTreeListSchema = z.array(
  z.looseObject({ path: z.string(), type: z.string(), mode: z.string().optional() }),
);

/** `POST /projects/:id/repository/commits` → 201. */
export const gitLabCommitSchema = z.looseObject({
  id: z.string(),
  parent_ids: z.array(z.string()).optional(),
  web_url: z.string().optional(),
});

/** `POST /projects/:id/merge_requests` → 201. */
export const gitLabMergeRequestSchema = z.looseObject({
  iid: z.number(),
  title: z.string(),
  source_branch: z.string(),
  target_branch: z.string(),
  state: z.string(),
  web_url: z.string(),
});

/** `POST /projects/:id/hooks` → 201. */
export const gitLabHookSchema = z.looseObject({
  id: z.union([z.number(), z.string()]),
  url: z.string(),
  push_events: z.boolean().optional(),
  merge_requests_events: z.boolean().optional(),
  alert_status: z.string().optional(),
});
