import { z } from 'zod';

/*
 * The parts of GitHub responses the adapter reads. Loose objects: GitHub adds fields over time
 * (forges.md §1.4 on the `status` field), and we must not fail on them.
 */

/** `GET /user` (the private or public user; only these fields matter here). */
export const gitHubUserSchema = z.looseObject({
  id: z.number(),
  login: z.string(),
  name: z.string().nullish(),
});

/** `{"message": "...", "documentation_url": "...", "status": "401"}` (forges.md §1.4). */
export const gitHubErrorSchema = z.looseObject({
  message: z.string().optional(),
  documentation_url: z.string().optional(),
});

export function gitHubMessageOf(json: unknown): string | undefined {
  const parsed = gitHubErrorSchema.safeParse(json);
  return parsed.success ? parsed.data.message : undefined;
}

/*
 * Repository operations (forges.md §1.8). Only what the adapter maps into repo-types.ts.
 */

/** `repository` / `full-repository`. */
export const gitHubRepoSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  owner: z.looseObject({ login: z.string() }),
  private: z.boolean(),
  description: z.string().nullish(),
  default_branch: z.string().nullish(),
  html_url: z.string(),
  clone_url: z.string(),
});

export const gitHubRepoListSchema = z.array(gitHubRepoSchema);

/** `short-branch` (and the fields of `branch-with-protection` we read). */
export const gitHubBranchSchema = z.looseObject({
  name: z.string(),
  commit: z.looseObject({ sha: z.string() }),
  protected: z.boolean().optional(),
});

export const gitHubBranchListSchema = z.array(gitHubBranchSchema);

/** `git-ref`. */
export const gitHubRefSchema = z.looseObject({ ref: z.string(), object: z.looseObject({ sha: z.string() }) });

/** `git-commit`. */
export const gitHubCommitSchema = z.looseObject({
  sha: z.string(),
  tree: z.looseObject({ sha: z.string() }),
});

/** `git-tree` and `short-blob`: only the new object's sha. */
export const gitHubShaSchema = z.looseObject({ sha: z.string() });

/** `file-commit` (`PUT /contents/{path}`). */
export const gitHubFileCommitSchema = z.looseObject({ commit: z.looseObject({ sha: z.string() }) });

/** `pull-request`. */
export const gitHubPullSchema = z.looseObject({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  merged: z.boolean().nullish(),
  html_url: z.string(),
  head: z.looseObject({ ref: z.string() }),
  base: z.looseObject({ ref: z.string() }),
});

/** A repository webhook. */
export const gitHubHookSchema = z.looseObject({
  id: z.number(),
  active: z.boolean(),
  events: z.array(z.string()),
  config: z.looseObject({ url: z.string().optional() }),
});

/** `validation-error`: 422 bodies carry an `errors` array (forges.md §1.4). */
export const gitHubValidationSchema = z.looseObject({
  message: z.string().optional(),
  errors: z
    .array(
      z.union([
        z.looseObject({
          code: z.string().optional(),
          field: z.string().optional(),
          message: z.string().optional(),
        }),
        z.string(),
      ]),
    )
    .optional(),
});

/** The messages inside a 422's `errors` array (objects' `message`, or plain strings). */
export function gitHubValidationMessages(json: unknown): string[] {
  const parsed = gitHubValidationSchema.safeParse(json);
  if (!parsed.success) return [];
  return (parsed.data.errors ?? [])
    .map((entry) => (typeof entry === 'string' ? entry : entry.message))
    .filter((message): message is string => typeof message === 'string');
}
