import { z } from 'zod';

/**
 * Request and response shapes of the repository routes (docs/repos.md). Responses are serialised
 * through these (zod-compilers.ts): a webhook's secret has no field here, so it is never echoed.
 */

/** `owner/name`; the owner may hold `/` (GitLab subgroups): the name is what follows the last `/`. */
export const repoPath = z
  .string()
  .min(3)
  .max(512)
  .regex(/^[^/\s]+(?:\/[^/\s]+)*\/[^/\s]+$/)
  .describe('The repository as `owner/name` (GitLab: `group/subgroup/project`).');

const branchName = z.string().min(1).max(255);

export const listQuery = z.object({
  cap: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('At most this many items (default 100, at most 1,000); pages are followed until reached.'),
  cursor: z.string().min(1).max(4096).optional().describe('The `nextCursor` of an earlier answer.'),
});

export const branchesQuery = listQuery.extend({ repo: repoPath });

export const repositorySchema = z
  .object({
    id: z.string(),
    owner: z.string(),
    name: z.string(),
    fullName: z.string(),
    private: z.boolean(),
    description: z.string().nullable(),
    defaultBranch: z.string().nullable(),
    webUrl: z.string(),
    cloneUrl: z.string().describe('HTTPS clone URL, without credentials.'),
  })
  .meta({ id: 'Repository' });

export const branchSchema = z
  .object({ name: z.string(), sha: z.string(), protected: z.boolean(), isDefault: z.boolean() })
  .meta({ id: 'Branch' });

export const commitResultSchema = z
  .object({
    sha: z.string(),
    branch: z.string(),
    branchCreated: z
      .boolean()
      .nullable()
      .describe('The branch did not exist before this commit; null when the forge does not say (Bitbucket).'),
    webUrl: z.string(),
  })
  .meta({ id: 'CommitResult' });

export const pullRequestSchema = z
  .object({
    number: z.number(),
    title: z.string(),
    head: z.string(),
    base: z.string(),
    state: z.enum(['open', 'closed', 'merged']),
    webUrl: z.string(),
  })
  .meta({ id: 'PullRequest' });

export const webhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(['push', 'pull_request'])),
    active: z.boolean(),
  })
  .meta({ id: 'Webhook', description: 'A repository webhook. Its secret is never returned.' });

export const createRepoBody = z.object({
  owner: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('Organisation, group path or workspace; absent: the token owner’s own namespace.'),
  name: z.string().min(1).max(100),
  private: z.boolean().optional().describe('Default true.'),
  description: z.string().max(2000).optional(),
  defaultBranch: branchName.optional().describe('Default `main`.'),
  initialize: z
    .boolean()
    .optional()
    .describe('true: the forge makes a first commit (README). Default: empty.'),
  project: z.string().min(1).max(64).optional().describe('Bitbucket project key; ignored elsewhere.'),
  ifExists: z
    .enum(['fail', 'reuse'])
    .optional()
    .describe('`fail` (default) answers `repo_exists` for a taken name.'),
});

export const createdRepoSchema = z
  .object({ repository: repositorySchema, created: z.boolean() })
  .meta({ id: 'CreatedRepository' });

/** 1,000 files of 5 KB as base64 in JSON come to about 7 MB: room to spare, still bounded. */
export const COMMIT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;
export const MAX_COMMIT_FILES = 5000;

export const commitBody = z.object({
  repo: repoPath,
  branch: branchName,
  baseBranch: branchName.optional().describe('Where a new branch starts; default: the default branch.'),
  expectedHead: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional()
    .describe('The head the change was built on; another head answers `branch_moved` and writes nothing.'),
  message: z.string().min(1).max(65536),
  author: z.object({ name: z.string().min(1).max(255), email: z.email().max(254) }).optional(),
  files: z
    .array(
      z.object({
        path: z.string().min(1).max(4096),
        content: z.string().max(COMMIT_BODY_LIMIT_BYTES),
        encoding: z.enum(['utf-8', 'base64']),
        executable: z.boolean().optional(),
      }),
    )
    .max(MAX_COMMIT_FILES),
  delete: z.array(z.string().min(1).max(4096)).max(MAX_COMMIT_FILES).optional(),
  allowSecrets: z.boolean().optional().describe('Send content the secret scan flags. Default false.'),
});

export const pullBody = z.object({
  repo: repoPath,
  title: z.string().min(1).max(1024),
  head: branchName.describe('Source branch.'),
  base: branchName.describe('Target branch.'),
  body: z.string().max(65536).optional(),
  draft: z.boolean().optional(),
});

export const hookBody = z.object({
  repo: repoPath,
  url: z.url().max(2048),
  secret: z.string().min(1).max(255).optional().describe('Signs deliveries; never returned.'),
  events: z
    .array(z.enum(['push', 'pull_request']))
    .min(1)
    .max(2)
    .optional()
    .describe('Default both.'),
});
