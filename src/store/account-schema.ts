import type { DbBool } from './schema.js';

/** The tables of migration 0002-accounts, as Kysely sees them (see schema.ts for the conventions). */
export interface UsersTable {
  owner_id: string;
  username: string;
  username_key: string;
  display_name: string;
  password_hash: string | null;
  role: string;
  disabled: DbBool;
  created_at: string;
  password_changed_at: string | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ApiKeysTable {
  id: string;
  public_id: string;
  user_id: string;
  name: string;
  /** JSON array text. */
  scopes: string;
  key_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface OneTimeCodesTable {
  code_hash: string;
  purpose: string;
  user_id: string | null;
  created_at: string;
  expires_at: string;
}

export interface AccountsSetupTable {
  id: number;
  admin_user_id: string;
  completed_at: string;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  lockouts: number;
  locked_until: string | null;
  updated_at: string;
}

export interface AccountTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  one_time_codes: OneTimeCodesTable;
  accounts_setup: AccountsSetupTable;
  login_throttle: LoginThrottleTable;
}
