/**
 * The token lifecycle service (DESIGN.md, "Save Token"): add, list, show, check, refresh all,
 * rotate, remove (with revocation), defaults, labels, hosts, the audit log — and `withToken`, the
 * only way other code gets a plaintext token. Open it with `openVault()`.
 */
export { PREVIOUS_KEYS_ENV } from './key-ring.js';
export { type OpenVaultOptions, openVault } from './open-vault.js';
export type {
  AddInput,
  AddResult,
  AuditFilter,
  CheckInput,
  CheckResult,
  HostConfig,
  ListFilter,
  ManualRevocation,
  RefreshAllInput,
  RemoveInput,
  RemoveResult,
  RevocationResult,
  RotateInput,
  RotateResult,
  TokenSelector,
  TokenView,
  Vault,
} from './types.js';
export { CLI_ACTOR } from './vault.js';
