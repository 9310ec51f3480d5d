import type { SandboxForge } from '../../types.js';
import { bitbucketGitAccess } from './bitbucket.js';
import { githubGitAccess } from './github.js';
import { gitlabGitAccess } from './gitlab.js';
import type { GitAccessRule } from './types.js';

export type { BasicCredentials, GitAccess, GitAccessRequest, GitOperation } from './types.js';

/** Each forge's git-over-HTTPS authentication and authorisation rules. */
export const GIT_ACCESS: Record<SandboxForge, GitAccessRule> = {
  github: githubGitAccess,
  gitlab: gitlabGitAccess,
  bitbucket: bitbucketGitAccess,
};
