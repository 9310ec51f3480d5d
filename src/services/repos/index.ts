/**
 * Repository operations with stored tokens (issue 5, docs/repos.md): list, create, branches, commit,
 * push, pull requests, webhooks — one API for GitHub, GitLab and Bitbucket, every use audited.
 */
export { forgeAdapters } from './adapter-source.js';
export { capabilityRefusal, type RepoOperation, touchesWorkflows } from './capability-check.js';
export { createRepoService } from './repo-service.js';
export type {
  AdapterSource,
  BranchPage,
  CommitFile,
  CommitRequest,
  CreateRepoOutcome,
  CreateRepoRequest,
  PushOutcome,
  PushRequest,
  RepoService,
  RepoServiceDeps,
  TokenChoice,
} from './types.js';
