import type { ScopeRequirements } from './types.js';

/**
 * GitLab personal (and project / group) access token scopes per capability. Source: forges.md §2.5
 * (`doc/user/profile/personal_access_tokens.md` and the per-operation table). `api` implies
 * `read_api` and Git over HTTP (see expand-scopes.ts), so `[api]` alternatives are only listed where
 * they read better.
 *
 * Roles are not scopes: a token never has more rights than its user, so creating in a group needs
 * the right role there and webhooks need Maintainer. Those appear as notes.
 */
export const GITLAB_PERSONAL_REQUIREMENTS = {
  read: {
    anyOf: [['read_api'], ['api']],
    // read_repository lets git clone/pull, but listing projects and branches is REST (read_api).
  },
  'create-repo': {
    anyOf: [['api']],
    note: 'Creating a project in a group also needs a role there that may create projects (Developer or Maintainer, as the group allows).',
  },
  // Pushing over HTTPS needs write_repository (or api); committing through REST needs api.
  push: { anyOf: [['write_repository'], ['api']] },
  // .gitlab-ci.yml is an ordinary file: changing CI needs no scope beyond push.
  workflows: { anyOf: [['write_repository'], ['api']] },
  'pull-requests': { anyOf: [['api']] },
  webhooks: {
    anyOf: [['api']],
    note: 'Project webhooks also need the Maintainer role on the project (a role, not a scope).',
  },
} as const satisfies ScopeRequirements;
