/**
 * People and machines (docs/accounts.md): first-run setup, local accounts with argon2id
 * passwords, invitations, browser sessions with CSRF tokens, login throttling, and API keys with
 * scopes for programs. Build it with `createAccounts({ store })`.
 */
export { type AccountsOptions, createAccounts } from './accounts.js';
export { API_KEY_PREFIX } from './api-key-format.js';
export { MIN_PASSWORD_LENGTH } from './credential-rules.js';
export { CSRF_HEADER } from './csrf.js';
export { type Argon2Params, OWASP_ARGON2ID } from './password-hashing.js';
export { type AccountsPolicy, DEFAULT_POLICY } from './policy.js';
export {
  auditActor,
  can,
  isScope,
  type Principal,
  type Role,
  requireScope,
  SCOPES,
  type Scope,
  scopesForRole,
} from './principal.js';
export type * from './types.js';
