import type { SandboxAccount } from './accounts.js';
import { isoSeconds, utcDate } from './clock.js';
import type { SandboxState } from './state.js';
import { effectiveState, type TokenRecord } from './tokens.js';
import type { BitbucketCredentialType, SandboxForge, SandboxTokenKind, TokenState } from './types.js';

/** An account as the control API shows it. */
export interface AccountView {
  forge: SandboxForge;
  login: string;
  /** GitHub / GitLab user id (Bitbucket: internal, used for rate-limit keys). */
  id: number;
  /** Bitbucket `uuid`, `{…}`. */
  uuid: string;
  /** Bitbucket (Atlassian) `account_id`. */
  accountId: string;
  name: string;
  email: string;
  createdAt: string;
}

/** A token's metadata as the control API shows it: no secret beyond the masked `hint`. */
export interface TokenView {
  id: string;
  forge: SandboxForge;
  kind: SandboxTokenKind;
  /** e.g. `ghp_…x1Yz` */
  hint: string;
  login: string;
  account: AccountView;
  /** As the forge reports them (GitHub classic: normalised, sorted). Empty for fine-grained tokens. */
  scopes: string[];
  /** GitHub fine-grained permissions; null for other kinds. */
  permissions: Record<string, string> | null;
  /** As set through the control API. */
  state: TokenState;
  /** What the forge sees now, by the sandbox clock (a past expiry makes an active token expired). */
  status: TokenState;
  /** Instant the token stops working, ISO 8601; null = never. */
  expiresAt: string | null;
  /** GitLab: the `expires_at` date (`YYYY-MM-DD`); null elsewhere or when it never expires. */
  expiresOn: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  name: string | null;
  description: string | null;
  /** GitLab token shape: `routable`, `routable-unversioned` or `legacy`. */
  format: string | null;
  /** Bitbucket access tokens: `repo_access_token` … */
  credentialType: BitbucketCredentialType | null;
  /** GitLab: the token this one replaced by rotation. */
  rotatedFromId: string | null;
}

/** The answer to creating a token: its metadata plus the token itself, shown this once. */
export interface CreatedToken extends TokenView {
  token: string;
}

export function accountView(account: SandboxAccount): AccountView {
  return {
    forge: account.forge,
    login: account.login,
    id: account.id,
    uuid: account.uuid,
    accountId: account.accountId,
    name: account.name,
    email: account.email,
    createdAt: isoSeconds(account.createdAtMs),
  };
}

export function tokenView(state: SandboxState, record: TokenRecord): TokenView {
  const account = state.accounts.get(record.forge, record.login);
  if (!account) throw new Error(`token ${record.id} has no account`);
  return {
    id: record.id,
    forge: record.forge,
    kind: record.kind,
    hint: record.hint,
    login: account.login,
    account: accountView(account),
    scopes: [...record.scopes],
    permissions: record.permissions ? { ...record.permissions } : null,
    state: record.state,
    status: effectiveState(record, state.clock.nowMs()),
    expiresAt: record.expiresAtMs === null ? null : isoSeconds(record.expiresAtMs),
    expiresOn: record.forge === 'gitlab' && record.expiresAtMs !== null ? utcDate(record.expiresAtMs) : null,
    createdAt: isoSeconds(record.createdAtMs),
    lastUsedAt: record.lastUsedAtMs === null ? null : isoSeconds(record.lastUsedAtMs),
    name: record.name,
    description: record.description,
    format: record.gitlabFormat,
    credentialType: record.credentialType,
    rotatedFromId: record.rotatedFromId,
  };
}
