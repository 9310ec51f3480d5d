import { z } from 'zod';

/*
 * The parts of Bitbucket Cloud's repository API answers the adapter reads (forges.md §3.8; swagger
 * `repository`, `branch`, `pullrequest`, `webhook_subscription`, `paginated_*`). Loose objects: the
 * swagger allows additional properties everywhere.
 */

const link = z.looseObject({ href: z.string() });

export const bitbucketRepositorySchema = z.looseObject({
  uuid: z.string(),
  full_name: z.string(),
  name: z.string(),
  slug: z.string().optional(),
  is_private: z.boolean(),
  description: z.string().nullish(),
  /** Absent or null while the repository is empty (no main branch yet). */
  mainbranch: z.looseObject({ name: z.string() }).nullish(),
  workspace: z.looseObject({ slug: z.string() }).nullish(),
  links: z.looseObject({
    html: link.optional(),
    clone: z.array(z.looseObject({ name: z.string(), href: z.string() })).optional(),
  }),
});

export type BitbucketRepository = z.infer<typeof bitbucketRepositorySchema>;

export const bitbucketBranchSchema = z.looseObject({
  name: z.string(),
  target: z.looseObject({ hash: z.string() }),
});

/** The page envelope (§3.8): follow `next` until it is absent; `size` and `previous` are optional. */
export function bitbucketPageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    values: z.array(item),
    next: z.string().optional(),
    pagelen: z.number().optional(),
    size: z.number().optional(),
  });
}

export const bitbucketWorkspaceMembershipSchema = z.looseObject({
  permission: z.string().optional(),
  workspace: z.looseObject({ slug: z.string() }),
});

export const bitbucketPullRequestSchema = z.looseObject({
  id: z.number(),
  title: z.string(),
  state: z.string(),
  source: z.looseObject({ branch: z.looseObject({ name: z.string() }) }),
  destination: z.looseObject({ branch: z.looseObject({ name: z.string() }) }),
  links: z.looseObject({ html: link.optional() }),
});

export const bitbucketWebhookSchema = z.looseObject({
  uuid: z.string(),
  url: z.string(),
  active: z.boolean(),
  events: z.array(z.string()),
});
