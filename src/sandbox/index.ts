/**
 * The sandbox forges: local imitations of the GitHub, GitLab and Bitbucket APIs (DESIGN.md, "The
 * sandbox forges"; docs/sandbox.md). Start one with `startSandbox()`; drive it with `control` or
 * the HTTP control API at `urls.control`.
 */

export type { SandboxConfig, SandboxConfigUpdate } from './config.js';
export type { ClockView, SandboxControl } from './control.js';
export { SandboxControlError } from './control.js';
export type { ClockInput, CreateTokenInput, FaultInput, UpdateTokenInput } from './control-schemas.js';
export type { Fault, FaultType } from './faults.js';
export type {
  CommitChangesInput,
  PushEvent,
  UpdateBranchOptions,
  WriteCommitInput,
} from './git/repo-store.js';
export { GitInputError, RepoExistsError, SandboxRepos } from './git/repo-store.js';
export type {
  CommitInfo,
  CreateRepoInput,
  GitIdentity,
  RefUpdate,
  SandboxDelivery,
  SandboxHook,
  SandboxPull,
  SandboxRepo,
  TreeChange,
  TreeEntry,
} from './git/types.js';
export type { DeliveryRequest } from './git/webhooks.js';
export type { RequestLogEntry, RequestLogPage } from './request-log.js';
export type { RunningSandbox, SandboxOptions } from './server.js';
export { startSandbox } from './server.js';
export type { SandboxForge, SandboxTokenKind, SandboxUrls, TokenState } from './types.js';
export type { AccountView, CreatedToken, TokenView } from './views.js';
