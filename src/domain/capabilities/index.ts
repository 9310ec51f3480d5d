export { BITBUCKET_API_TOKEN_REQUIREMENTS, BITBUCKET_CLASSIC_REQUIREMENTS } from './bitbucket-scopes.js';
export {
  type CapabilityReport,
  type EvaluateInput,
  evaluateCapabilities,
  newTokenScopes,
} from './evaluate.js';
export { expandScopes, type ImplicationTable, implicationsFor } from './expand-scopes.js';
export { GITHUB_CLASSIC_REQUIREMENTS, GITHUB_FINE_GRAINED_PERMISSIONS } from './github-scopes.js';
export { GITLAB_PERSONAL_REQUIREMENTS } from './gitlab-scopes.js';
export { grantModel, requiredScopes } from './grant-model.js';
export { minimalScopesToAdd } from './minimal-scopes.js';
export { formatPermission, mergePermissions } from './permissions.js';
export { remediation } from './remediation.js';
export { type TokenCreationGuide, tokenCreationGuide } from './token-creation-guide.js';
export {
  ATLASSIAN_API_TOKENS_URL,
  DEFAULT_TOKEN_NAME,
  type TokenPageInput,
  tokenPageUrl,
} from './token-page.js';
export type { GitHubPermission, GrantModel, ScopeRequirement, ScopeRequirements, ScopeSet } from './types.js';
