/** The API's shapes as the UI uses them (src/server/routes/api-schemas.ts is the source of truth). */

export const FORGES = ['github', 'gitlab', 'bitbucket'] as const;
export type ForgeId = (typeof FORGES)[number];

export const FORGE_NAMES: Record<ForgeId, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  bitbucket: 'Bitbucket',
};

export const CAPABILITIES = [
  'read',
  'create-repo',
  'push',
  'workflows',
  'pull-requests',
  'webhooks',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const API_KEY_SCOPES = ['tokens:read', 'tokens:use', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface FkError {
  code: string;
  message: string;
  remediation: string;
  details?: Record<string, unknown>;
}

export interface User {
  id: string;
  ownerId: string;
  username: string;
  displayName: string;
  role: 'admin' | 'user';
}

export interface SignedIn {
  user: User;
  csrfToken: string;
}

export interface Me {
  userId: string;
  ownerId: string;
  username: string;
  role: 'admin' | 'user';
  via: 'session' | 'api_key';
  scopes: string[];
  csrfToken: string | null;
}

export interface Account {
  id: string;
  login: string;
  name: string | null;
}

export interface Token {
  id: string;
  forge: ForgeId;
  apiUrl: string;
  label: string | null;
  account: Account | null;
  email: string | null;
  kind: string;
  scopes: string[] | null;
  expiresAt: string | null;
  status: string;
  statusCode: string | null;
  lastCheckedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
  mask: string;
  isDefault: boolean;
  daysLeft: number | null;
}

export interface Report {
  forge: ForgeId | null;
  kind: string | null;
  mask: string | null;
  status: string;
  apiUrl: string | null;
  account: Account | null;
  scopes: string[] | null;
  expiresAt: string | null;
  capabilities: Record<string, unknown> | null;
  missing: string[];
  unknown: string[];
  scopesToAdd: string[];
  permissionsNeeded: string[];
  tokenPageUrl: string | null;
  notes: string[];
  error: FkError | null;
}

export interface AddedToken {
  token: Token;
  created: boolean;
  report: Report;
  notice: string | null;
}

export interface CheckedToken {
  token: Token;
  report: Report | null;
  error: FkError | null;
}

export interface Revocation {
  type: 'not_requested' | 'revoked' | 'already_dead' | 'manual' | 'failed';
  manual?: { url: string; instructions: string };
  error?: FkError;
}

export interface HostProgress {
  forge: ForgeId;
  total: number;
  done: number;
  checked: number;
  stale: number;
  rateLimited: number;
  inFlight: number;
  paused: boolean;
  resumesAt: string | null;
}

export interface RefreshJob {
  id: string;
  done: number;
  total: number;
  byHost: Record<string, HostProgress>;
  finished: boolean;
  summary: { total: number; checked: number; stale: string[]; rateLimited: string[] } | null;
  error: FkError | null;
}

export interface Guide {
  forge: ForgeId;
  kind: string;
  url: string | null;
  steps: string[];
  scopes: string[];
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  tokenId: string | null;
  forge: ForgeId | null;
  action: string;
  target: string | null;
  outcome: string;
  errorCode: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  mask: string;
  status: 'active' | 'expired' | 'revoked';
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** A user as administrators see them. */
export interface UserAccount extends User {
  status: 'active' | 'invited' | 'disabled';
  createdAt: string;
  passwordChangedAt: string | null;
}

export interface Invitation {
  user: UserAccount;
  code: string;
  expiresAt: string;
}

export interface Repository {
  id: string;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  description: string | null;
  defaultBranch: string | null;
  webUrl: string;
  cloneUrl: string;
}

export interface Branch {
  name: string;
  sha: string;
  protected: boolean;
  isDefault: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
