import { z } from 'zod';

/*
 * The parts of Bitbucket Cloud responses the adapter reads (forges.md §3.4, §3.5). Loose objects:
 * the swagger marks `account`/`user` with `additionalProperties: true`.
 */

/** `GET /2.0/user`. `username` is not in the swagger but is returned (§3.4); `nickname` is its successor. */
export const bitbucketUserSchema = z.looseObject({
  uuid: z.string(),
  username: z.string().nullish(),
  nickname: z.string().nullish(),
  display_name: z.string().nullish(),
  account_id: z.string().nullish(),
});

/** `{"type": "error", "error": {"message": "...", "detail": {"granted": [...], "required": [...]}}}` (§3.5). */
export const bitbucketErrorSchema = z.looseObject({
  type: z.string().optional(),
  error: z
    .looseObject({
      message: z.string().optional(),
      detail: z.unknown().optional(),
    })
    .optional(),
});

const scopeDetailSchema = z.looseObject({
  granted: z.array(z.string()).optional(),
  required: z.array(z.string()).optional(),
});

export interface BitbucketErrorInfo {
  message: string | undefined;
  granted: string[] | null;
  required: string[];
}

export function bitbucketErrorOf(json: unknown): BitbucketErrorInfo {
  const body = bitbucketErrorSchema.safeParse(json);
  const error = body.success ? body.data.error : undefined;
  const detail = scopeDetailSchema.safeParse(error?.detail);
  return {
    message: error?.message,
    granted: detail.success ? (detail.data.granted ?? null) : null,
    required: detail.success ? (detail.data.required ?? []) : [],
  };
}

/** The "lack one or more required privilege scopes" 403 (§3.5): the credentials worked, a scope is missing. */
export function isMissingScopeMessage(message: string | undefined): boolean {
  return /required privilege scopes/i.test(message ?? '');
}
