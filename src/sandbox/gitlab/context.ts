import type { SandboxState } from '../state.js';
import type { GitLabGuard } from './caller.js';
import type { GitLabNamespaces } from './namespaces.js';
import type { GitLabProjects } from './projects.js';

/** What the GitLab route modules share: the state, the caller guard, groups and projects. */
export interface GitLabContext {
  state: SandboxState;
  guarded: GitLabGuard;
  namespaces: GitLabNamespaces;
  projects: GitLabProjects;
}
